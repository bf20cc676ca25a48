import {
  type Database,
  dropExpiredPartitions,
  ensurePartitions,
  purgeDeliveredBatchIds,
  refreshAlerts,
  rollupIncremental,
  type TAlertThresholds,
  thinDecisions,
} from "@rigshift/db";
import { pollHttpFeeds } from "../feeds/http/poll";

/**
 * Housekeeping run by the worker every few minutes: raw telemetry partitions for the coming days,
 * dropping those past retention, forgetting delivered batch ids too old to be redelivered, the
 * rollups of what arrived since the last run (late telemetry included: rollupIncremental), thinning
 * the decision log past its detail period (thinDecisions), and a
 * poll of the HTTP price feeds, and the alerts (opened and resolved as conditions change, each
 * queued for the notification channels that want it).
 * Idempotent: any worker may run it, any number of times.
 */
export async function runMaintenance({
  db,
  now,
  retentionDays,
  decisionDetailHours,
  offlineAfterSeconds,
  alertThresholds,
}: {
  db: Database;
  now: Date;
  retentionDays: number;
  /** Hours every decision is kept, before the log is thinned to its changes and one per rig-hour. */
  decisionDetailHours: number;
  offlineAfterSeconds: number;
  /** The alert settings beyond offline (hashrate, utilisation, price spikes); defaults otherwise. */
  alertThresholds?: Omit<TAlertThresholds, "offlineAfterSeconds">;
}) {
  const created = await ensurePartitions({ db, now, daysAhead: 2 });
  const dropped = await dropExpiredPartitions({ db, now, retentionDays });
  const batchIdsPurged = await purgeDeliveredBatchIds({ db, now });
  const rollups = await rollupIncremental({ db, now });
  const thinned = await thinDecisions({ db, now, detailHours: decisionDetailHours });
  const feeds = await pollHttpFeeds({ db, fetch: globalThis.fetch, now });
  const alerts = await refreshAlerts({ db, now, thresholds: { ...alertThresholds, offlineAfterSeconds } });
  return { created, dropped, batchIdsPurged, ...rollups, decisionsThinned: thinned.deleted, feeds, alerts };
}
