import { env } from "../env";

/** Connectivity thresholds (seconds) from the environment, for verbs that classify rigs. */
export function thresholds() {
  const e = env();
  return { staleAfterSeconds: e.RIG_STALE_AFTER_SECONDS, offlineAfterSeconds: e.RIG_OFFLINE_AFTER_SECONDS };
}
