import type { Database } from "../client";
import { SQL_FAN_OUT } from "../notifications/fan-out-sql";
import { pgTransaction } from "../transaction";
import * as SQL from "./refresh-alerts-sql";

export interface TAlertThresholds {
  /** A rig silent this long (seconds) is offline. */
  offlineAfterSeconds: number;
  /** A failed workload start or a probe timeout keeps its alert open this long (seconds). Default 15 min. */
  eventWindowSeconds?: number;
  /** After a switch of work (desired state changed, AI job placed), rigs are not judged on hashrate or utilisation this long (seconds). Default 10 min. */
  settleSeconds?: number;
  /** A mining rig below this percentage of its profile's hashrate for its hardware is alerted. Default 70. */
  hashrateBelowPct?: number;
  /** A GPU rig running an AI job with average GPU utilisation below this percentage is alerted. Default 20. */
  utilBelowPct?: number;
  /** A site's current electricity price at or above this multiple of its trailing 24 h median… Default 3. */
  priceSpikeMedianMultiple?: number;
  /** …and at or above this price ($/MWh) is a spike. Default 100. */
  priceSpikeMinUsdPerMwh?: number;
  /** A failed AI job's alert stays open this long after it failed, unless resolved by hand (seconds). Default 24 h. */
  jobFailedWindowSeconds?: number;
}

const ago = (now: Date, seconds: number) => new Date(now.getTime() - seconds * 1000);

/**
 * Derives alerts from the fleet's state (kinds: alerts/kinds.ts): offline rigs, GPUs over their
 * site's maxGpuTempC, failed workload starts and stuck nvidia-smi (recent agent events), mining
 * rigs below their profile's hashrate, AI rigs whose GPUs went quiet under a job, failed AI
 * jobs, sites drawing more than their cap in effect, and electricity price spikes.
 * Idempotent: at most one open alert per (kind, subject), and open ones resolve themselves once
 * the condition clears. An alert resolved by hand while its condition holds opens again (a failed
 * job's does not). In the same transaction, each opened (and resolved) alert is queued for the
 * notification channels that want it. The scheduler worker calls this every few minutes.
 */
export async function refreshAlerts({ db, now, thresholds: t }: { db: Database; now: Date; thresholds: TAlertThresholds }) {
  const params = [
    ago(now, t.offlineAfterSeconds),
    ago(now, t.eventWindowSeconds ?? 900),
    now,
    ago(now, t.settleSeconds ?? 600),
    (t.hashrateBelowPct ?? 70) / 100,
    t.utilBelowPct ?? 20,
    t.priceSpikeMedianMultiple ?? 3,
    (t.priceSpikeMinUsdPerMwh ?? 100) * 1e6,
    ago(now, t.jobFailedWindowSeconds ?? 86_400),
  ];
  return pgTransaction(db, async (client) => {
    await client.query(SQL.SQL_LOCK);
    await client.query(SQL.SQL_CONDITIONS, params);
    const opened = await client.query<{ id: number }>(SQL.SQL_OPEN_NEW, [now]);
    const resolved = await client.query<{ id: number }>(SQL.SQL_RESOLVE_CLEARED, [now, [...SQL.DERIVED_ALERT_KINDS]]);
    const notifications = await client.query(SQL_FAN_OUT, [opened.rows.map((r) => r.id), resolved.rows.map((r) => r.id)]);
    return { opened: opened.rowCount ?? 0, resolved: resolved.rowCount ?? 0, notifications: notifications.rowCount ?? 0 };
  });
}
