/**
 * What the dashboard calls a rig's mode: maintenance and offline first (whatever it last
 * reported), then the mode it reports. Stale rigs keep their reported mode.
 */
export const RIG_CLASSES = ["mining", "ai", "idle", "maintenance", "offline"] as const;
export type TRigClass = (typeof RIG_CLASSES)[number];

export const RIG_STATUSES = ["online", "stale", "offline"] as const;
export type TRigStatus = (typeof RIG_STATUSES)[number];

/** SQL for the class of rig `r` (joined to RigState `s`); `offlineBefore` is a parameter ref like `$1`. */
export function rigClassSql(offlineBefore: string): string {
  return `CASE WHEN r.lifecycle = 'MAINTENANCE' THEN 'maintenance'
    WHEN r."lastSeenAt" IS NULL OR r."lastSeenAt" < ${offlineBefore} THEN 'offline'
    WHEN s.mode = 'MINE' THEN 'mining' WHEN s.mode = 'AI' THEN 'ai' ELSE 'idle' END`;
}

/**
 * rigClassSql in TypeScript, for rows grouped by its inputs (the overview groups 100k rigs by
 * site, maintenance, seen and mode, which hashes far cheaper than the class text per row).
 */
export function rigClass(row: { maintenance: boolean; seen: boolean; mode: string | null }): TRigClass {
  if (row.maintenance) return "maintenance";
  if (!row.seen) return "offline";
  return row.mode === "MINE" ? "mining" : row.mode === "AI" ? "ai" : "idle";
}

/** SQL for the connectivity status of rig `r`; never-seen rigs count as offline. */
export function rigStatusSql(staleBefore: string, offlineBefore: string): string {
  return `CASE WHEN r."lastSeenAt" >= ${staleBefore} THEN 'online' WHEN r."lastSeenAt" >= ${offlineBefore} THEN 'stale' ELSE 'offline' END`;
}

export function cutoffs(now: Date, t: { staleAfterSeconds: number; offlineAfterSeconds: number }) {
  return { staleBefore: new Date(now.getTime() - t.staleAfterSeconds * 1000), offlineBefore: new Date(now.getTime() - t.offlineAfterSeconds * 1000) };
}
