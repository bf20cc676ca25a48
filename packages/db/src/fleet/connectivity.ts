/** How long since a rig last reported before it counts as stale, then offline (seconds). */
export interface TConnectivityThresholds {
  staleAfterSeconds: number;
  offlineAfterSeconds: number;
}

export type TConnectivity = "online" | "stale" | "offline" | "never";

export function connectivityOf(lastSeenAt: Date | null, now: Date, t: TConnectivityThresholds): TConnectivity {
  if (!lastSeenAt) return "never";
  const ageSeconds = (now.getTime() - lastSeenAt.getTime()) / 1000;
  if (ageSeconds <= t.staleAfterSeconds) return "online";
  if (ageSeconds <= t.offlineAfterSeconds) return "stale";
  return "offline";
}
