/**
 * The scheduler worker: a BullMQ worker for the epoch queue and the repeatable schedule that
 * feeds it. Thin shell: validates payloads and calls runEpoch. Any number of workers may run;
 * each epoch is decided once (SchedulerRun.epochStart is unique).
 */
import { hostname } from "node:os";
import { type Database, rollupRecentMinutes, type TAlertThresholds } from "@rigshift/db";
import { Queue, UnrecoverableError, Worker } from "bullmq";
import { Redis } from "ioredis";
import { runMaintenance } from "../epoch/maintenance";
import { runEpoch } from "../epoch/run-epoch";
import { epochStartOf, JOBS, ROLLUP_RECENT_WINDOW_MS, SCHEDULER_QUEUE, ZEpochJob } from "../queues/catalog";
import { keepSchedules } from "./schedules";

export interface TWorkerOptions {
  db: Database;
  redisUrl: string;
  epochSeconds: number;
  prefix: string;
  workerId?: string;
  /** A rig silent for longer than this is offline for scheduling (seconds). */
  offlineAfterSeconds?: number;
  /** Days of raw telemetry kept (rollups are kept). */
  retentionDays?: number;
  /** Hours every decision is kept before the log is thinned (thinDecisions). */
  decisionDetailHours?: number;
  /** Alert settings beyond offlineAfterSeconds (see refreshAlerts). */
  alertThresholds?: Omit<TAlertThresholds, "offlineAfterSeconds">;
  log?: (msg: string, fields?: Record<string, unknown>) => void;
}

export async function startSchedulerWorker(options: TWorkerOptions) {
  const log = options.log ?? (() => {});
  const workerId = options.workerId ?? `${hostname()}:${process.pid}`;
  // Workers block on Redis: maxRetriesPerRequest must be null. Producers fail fast.
  const workerConnection = new Redis(options.redisUrl, { maxRetriesPerRequest: null });
  const producerConnection = new Redis(options.redisUrl, { maxRetriesPerRequest: 1, enableOfflineQueue: false });
  const queue = new Queue(SCHEDULER_QUEUE, { connection: producerConnection, prefix: options.prefix });

  const worker = new Worker(
    SCHEDULER_QUEUE,
    async (job) => {
      if (job.name === JOBS.maintenance.name) {
        const result = await runMaintenance({
          db: options.db,
          now: new Date(),
          retentionDays: options.retentionDays ?? 7,
          decisionDetailHours: options.decisionDetailHours ?? 24,
          offlineAfterSeconds: options.offlineAfterSeconds ?? 300,
          alertThresholds: options.alertThresholds,
        });
        log("maintenance done", { ...result, created: result.created.length, dropped: result.dropped.length, feeds: result.feeds.length, alerts: JSON.stringify(result.alerts) });
        return result;
      }
      if (job.name === JOBS.rollupRecent.name) {
        const now = new Date();
        return rollupRecentMinutes({ db: options.db, from: new Date(now.getTime() - ROLLUP_RECENT_WINDOW_MS), to: now });
      }
      if (job.name !== JOBS.epoch.name) throw new UnrecoverableError(`unknown job ${job.name}`);
      // The repeatable job carries no data: it decides the epoch it runs in.
      const payload = ZEpochJob.safeParse(job.data?.epochStart ? job.data : { epochStart: epochStartOf(job.timestamp, options.epochSeconds).toISOString() });
      if (!payload.success) throw new UnrecoverableError(`bad epoch payload: ${payload.error.message}`);
      const result = await runEpoch({
        db: options.db,
        epochStart: new Date(payload.data.epochStart),
        epochSeconds: options.epochSeconds,
        workerId,
        now: new Date(),
        offlineAfterSeconds: options.offlineAfterSeconds,
      });
      log("epoch done", { epochStart: payload.data.epochStart, ...result });
      return result;
    },
    { connection: workerConnection, prefix: options.prefix, concurrency: 1 },
  );
  worker.on("failed", (job, err) => log("epoch failed", { jobId: job?.id, error: err.message }));
  worker.on("error", (err) => log("worker error", { error: err.message }));

  await keepSchedules({ queue, connection: producerConnection, epochSeconds: options.epochSeconds, log });

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
