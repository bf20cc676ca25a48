/** Entry point of the scheduler worker process. */
import { createDatabase } from "@rigshift/db";
import { startFinanceWorker } from "../finance-worker";
import { startNotificationWorker } from "../notifications/worker";
import { env } from "./env";
import { startSchedulerWorker } from "./start";

const e = env();
const db = createDatabase(e.DATABASE_URL);
const log = (msg: string, fields: Record<string, unknown> = {}) =>
  process.stdout.write(`${JSON.stringify({ ts: new Date().toISOString(), level: "info", component: "scheduler", msg, ...fields })}\n`);
const handle = await startSchedulerWorker({
  db,
  redisUrl: e.REDIS_URL,
  epochSeconds: e.EPOCH_SECONDS,
  prefix: e.QUEUE_PREFIX,
  workerId: e.WORKER_ID,
  offlineAfterSeconds: e.RIG_OFFLINE_AFTER_SECONDS,
  retentionDays: e.TELEMETRY_RETENTION_DAYS,
  decisionDetailHours: e.DECISION_DETAIL_HOURS,
  alertThresholds: {
    hashrateBelowPct: e.HASHRATE_ALERT_BELOW_PCT,
    utilBelowPct: e.UTIL_ALERT_BELOW_PCT,
    priceSpikeMedianMultiple: e.PRICE_SPIKE_MEDIAN_MULTIPLE,
    priceSpikeMinUsdPerMwh: e.PRICE_SPIKE_MIN_USD_PER_MWH,
  },
  log,
});
const finance = await startFinanceWorker({ db, redisUrl: e.REDIS_URL, prefix: e.QUEUE_PREFIX, log });
const notify = await startNotificationWorker({
  db,
  redisUrl: e.REDIS_URL,
  prefix: e.QUEUE_PREFIX,
  telegramApiBase: e.TELEGRAM_API_BASE,
  dashboardUrl: e.DASHBOARD_URL ?? null,
  log,
});
log("scheduler worker started", { epochSeconds: e.EPOCH_SECONDS });

let closing = false;
for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.on(signal, async () => {
    if (closing) return;
    closing = true;
    log("stopping", { signal });
    await handle.close();
    await finance.close();
    await notify.close();
    await db.close();
    process.exit(0);
  });
}
