import type { Database } from "../client";
import type { TConnectivityThresholds } from "../fleet/connectivity";
import { getOverview } from "../overview/get-overview";
import { cutoffs } from "../rigs/rig-class";
import { SQL_FLEET_HEALTH } from "./fleet-metrics-sql";
import type { TFleetMetrics } from "./types";

/** One row; timestamps arrive as JSON text. */
interface THealthRow {
  statuses: TFleetMetrics["statuses"];
  alerts: TFleetMetrics["openAlerts"];
  lastRun: { epochStart: string; failed: boolean } | null;
  lastFinishedRun: { epochStart: string; startedAt: string; finishedAt: string; rigsSeen: number; changes: number } | null;
}

/**
 * The farm's state for a Prometheus scrape. Rigs by mode, power, caps and economics come from
 * getOverview, so that Grafana and the overview page can never disagree; connectivity, alerts
 * by kind and the scheduler's last runs from one more grouped query.
 */
export async function getFleetMetrics({ db, now, thresholds }: { db: Database; now: Date; thresholds: TConnectivityThresholds }): Promise<TFleetMetrics> {
  const { staleBefore, offlineBefore } = cutoffs(now, thresholds);
  const [overview, health] = await Promise.all([getOverview({ db, now, thresholds }), db.pool.query<THealthRow>(SQL_FLEET_HEALTH, [staleBefore, offlineBefore])]);
  const row = health.rows[0]!;
  const last = row.lastRun;
  const finished = row.lastFinishedRun;
  return {
    overview,
    statuses: row.statuses,
    openAlerts: row.alerts,
    scheduler: {
      lastRun: last ? { epochStart: new Date(last.epochStart), failed: last.failed } : null,
      lastFinishedRun: finished
        ? {
            epochStart: new Date(finished.epochStart),
            startedAt: new Date(finished.startedAt),
            finishedAt: new Date(finished.finishedAt),
            rigsSeen: finished.rigsSeen,
            changes: finished.changes,
          }
        : null,
    },
  };
}
