import type { Database } from "../client";
import * as SQL from "./refresh-alerts-sql";

export interface TAlertThresholds {
  /** A rig silent this long (seconds) is offline. */
  offlineAfterSeconds: number;
  /** A failed workload start or a probe timeout keeps its alert open this long (seconds). Default 15 min. */
  eventWindowSeconds?: number;
}

/**
 * Derives alerts from the fleet's state: offline rigs, GPUs over their site's maxGpuTempC,
 * failed workload starts ("workload.start_failed") and stuck nvidia-smi ("probe.timeout").
 * Idempotent: at most one open alert per (rig, kind), and open ones resolve themselves once the
 * condition clears. An alert resolved by hand while its condition holds opens again. The
 * scheduler worker calls this each epoch.
 */
export async function refreshAlerts({ db, now, thresholds }: { db: Database; now: Date; thresholds: TAlertThresholds }) {
  const offlineBefore = new Date(now.getTime() - thresholds.offlineAfterSeconds * 1000);
  const eventsSince = new Date(now.getTime() - (thresholds.eventWindowSeconds ?? 900) * 1000);
  const client = await db.pool.connect();
  try {
    await client.query("BEGIN");
    await client.query(SQL.SQL_LOCK);
    await client.query(SQL.SQL_CONDITIONS, [offlineBefore, eventsSince]);
    const opened = await client.query(SQL.SQL_OPEN_NEW, [now]);
    const resolved = await client.query(SQL.SQL_RESOLVE_CLEARED, [now, [...SQL.DERIVED_ALERT_KINDS]]);
    await client.query("COMMIT");
    return { opened: opened.rowCount ?? 0, resolved: resolved.rowCount ?? 0 };
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}
