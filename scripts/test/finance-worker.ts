/**
 * Runs the finance worker on its own, for the e2e stack (the scheduler worker starts it too once
 * registered in packages/scheduler/src/worker/start.ts). Prints "ready" when it consumes jobs.
 * Usage: tsx scripts/test/finance-worker.ts  (DATABASE_URL, REDIS_URL, QUEUE_PREFIX)
 */
import { createDatabase } from "@rigshift/db";
import { startFinanceWorker } from "@rigshift/scheduler/finance-worker";

const db = createDatabase(process.env.DATABASE_URL ?? "");
const worker = await startFinanceWorker({
  db,
  redisUrl: process.env.REDIS_URL ?? "redis://127.0.0.1:6379",
  prefix: process.env.QUEUE_PREFIX ?? "rigshift",
  log: (msg, fields = {}) => process.stderr.write(`${JSON.stringify({ component: "finance-worker", msg, ...fields })}\n`),
});
console.log("ready");
let closing = false;
for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.on(signal, async () => {
    if (closing) return;
    closing = true;
    await worker.close();
    await db.close();
    process.exit(0);
  });
}
