/**
 * The finance worker: a BullMQ worker on FINANCE_QUEUE that writes report files (ExportJob) and
 * (re)builds the profitability ledger, plus the schedule that rebuilds the last 48 hours every
 * 15 minutes (late telemetry, price revisions) and removes week-old export files. Thin shell: validates payloads and calls verbs.
 * Started beside the scheduler worker (see start.ts); any number may run.
 */
import type { Database } from "@rigshift/db";
import { buildLedger } from "@rigshift/db";
import { purgeExports, runExportJob } from "@rigshift/db/finance-export";
import { Queue, UnrecoverableError, Worker } from "bullmq";
import { Redis } from "ioredis";
import { FINANCE_QUEUE, JOBS } from "./queues/catalog";

export const LEDGER_SCHEDULER_ID = "finance-ledger-every";
export const LEDGER_EVERY_MS = 15 * 60_000;
/** How far back the scheduled rebuild looks: late telemetry and price revisions arrive within this. */
export const LEDGER_LOOKBACK_MS = 48 * 3_600_000;

export interface TFinanceWorkerOptions {
  db: Database;
  redisUrl: string;
  prefix: string;
  /** Exports written at once; each holds one database connection while it streams. */
  concurrency?: number;
  log?: (msg: string, fields?: Record<string, unknown>) => void;
}

export async function startFinanceWorker(options: TFinanceWorkerOptions) {
  const log = options.log ?? (() => {});
  const { db } = options;
  const workerConnection = new Redis(options.redisUrl, { maxRetriesPerRequest: null });
  const producerConnection = new Redis(options.redisUrl, { maxRetriesPerRequest: 1, enableOfflineQueue: false });
  const queue = new Queue(FINANCE_QUEUE, { connection: producerConnection, prefix: options.prefix });

  const worker = new Worker(
    FINANCE_QUEUE,
    async (job) => {
      if (job.name === JOBS.financeExport.name) {
        const payload = JOBS.financeExport.schema.safeParse(job.data);
        if (!payload.success) throw new UnrecoverableError(`bad export payload: ${payload.error.message}`);
        try {
          const result = await runExportJob({ db, exportJobId: payload.data.exportJobId });
          log("export done", { exportJobId: payload.data.exportJobId, ...result });
          return result;
        } catch (error) {
          // A missing job or bad parameters will not get better on a retry.
          const code = (error as { code?: string }).code;
          if (code === "NOT_FOUND" || code === "INVALID") throw new UnrecoverableError((error as Error).message);
          throw error;
        }
      }
      if (job.name === JOBS.financeLedger.name) {
        const payload = JOBS.financeLedger.schema.safeParse(job.data ?? {});
        if (!payload.success) throw new UnrecoverableError(`bad ledger payload: ${payload.error.message}`);
        const now = new Date();
        const { from, to, reason, requestedBy } = payload.data;
        const result = await buildLedger({
          db,
          from: from ? new Date(from) : new Date(now.getTime() - LEDGER_LOOKBACK_MS),
          to: to ? new Date(to) : now,
          now,
          reason,
          requestedBy,
        });
        log("ledger built", { ...result, from: result.from.toISOString(), to: result.to.toISOString() });
        // The scheduled run (no period given) also clears out week-old export files.
        if (!from && !to) log("exports purged", await purgeExports({ db, now }));
        return { ...result, from: result.from.toISOString(), to: result.to.toISOString() };
      }
      throw new UnrecoverableError(`unknown job ${job.name}`);
    },
    { connection: workerConnection, prefix: options.prefix, concurrency: options.concurrency ?? 2 },
  );
  worker.on("failed", (job, err) => log("finance job failed", { jobId: job?.id, name: job?.name, error: err.message }));
  worker.on("error", (err) => log("finance worker error", { error: err.message }));

  await queue.upsertJobScheduler(LEDGER_SCHEDULER_ID, { every: LEDGER_EVERY_MS }, { name: JOBS.financeLedger.name, data: {}, opts: JOBS.financeLedger.options });

  return {
    queue,
    worker,
    async close() {
      await worker.close();
      await queue.close();
      workerConnection.disconnect();
      producerConnection.disconnect();
    },
  };
}
