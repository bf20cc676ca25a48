/**
 * The notification worker: a BullMQ worker on NOTIFY_QUEUE that sends alert notifications, and
 * the schedule that hands it the deliveries refreshAlerts wrote (the sweep, every 10 s). Thin
 * shell: validates payloads and calls deliverNotification. Any number may run beside the
 * scheduler worker; a delivery goes out once (see deliver.ts).
 */
import type { Database } from "@rigshift/db";
import { deliveriesToQueue, markQueued } from "@rigshift/db/notifications";
import { type JobsOptions, Queue, UnrecoverableError, Worker } from "bullmq";
import { Redis } from "ioredis";
import { JOBS, NOTIFY_QUEUE, NOTIFY_SWEEP_EVERY_MS, NOTIFY_SWEEP_SCHEDULER_ID } from "../queues/catalog";
import { deliverNotification } from "./deliver";
import { deliveryJobId } from "./queue";

/** A delivery handed to the queue this long ago and still pending lost its job: hand it over again. Longer than all retries take. */
const REQUEUE_AFTER_MS = 30 * 60_000;

export interface TNotificationWorkerOptions {
  db: Database;
  redisUrl: string;
  prefix: string;
  /** e.g. https://api.telegram.org (tests point it at a local receiver). */
  telegramApiBase: string;
  /** The dashboard's public address, for links in messages; null: no links. */
  dashboardUrl?: string | null;
  /** Per HTTP request, ms. Default 5 s. */
  timeoutMs?: number;
  concurrency?: number;
  /** Tests shorten these: the sweep's period and the first retry's delay (ms). */
  sweepEveryMs?: number;
  retryDelayMs?: number;
  fetch?: typeof globalThis.fetch;
  log?: (msg: string, fields?: Record<string, unknown>) => void;
}

export async function startNotificationWorker(options: TNotificationWorkerOptions) {
  const log = options.log ?? (() => {});
  const { db } = options;
  const jobOptions: JobsOptions = {
    ...JOBS.notifyDeliver.options,
    backoff: { type: "exponential", delay: options.retryDelayMs ?? JOBS.notifyDeliver.options.backoff.delay },
  };
  const maxAttempts = JOBS.notifyDeliver.options.attempts;
  const workerConnection = new Redis(options.redisUrl, { maxRetriesPerRequest: null });
  const producerConnection = new Redis(options.redisUrl, { maxRetriesPerRequest: 1, enableOfflineQueue: false });
  const queue = new Queue(NOTIFY_QUEUE, { connection: producerConnection, prefix: options.prefix });

  async function sweep() {
    const now = new Date();
    const due = await deliveriesToQueue({ db, now, requeueAfterMs: REQUEUE_AFTER_MS, limit: 500 });
    if (!due.length) return { queued: 0 };
    // The job id is the delivery's key: a delivery already in the queue is not added twice.
    await queue.addBulk(due.map((d) => ({ name: JOBS.notifyDeliver.name, data: { deliveryId: d.id }, opts: { ...jobOptions, jobId: deliveryJobId(d.key) } })));
    await markQueued({ db, ids: due.map((d) => d.id), now });
    return { queued: due.length };
  }

  const worker = new Worker(
    NOTIFY_QUEUE,
    async (job) => {
      if (job.name === JOBS.notifySweep.name) {
        const result = await sweep();
        if (result.queued) log("notifications queued", result);
        return result;
      }
      if (job.name !== JOBS.notifyDeliver.name) throw new UnrecoverableError(`unknown job ${job.name}`);
      const payload = JOBS.notifyDeliver.schema.safeParse(job.data);
      if (!payload.success) throw new UnrecoverableError(`bad notification payload: ${payload.error.message}`);
      const result = await deliverNotification({
        db,
        deliveryId: payload.data.deliveryId,
        now: () => new Date(),
        maxAttempts,
        fetch: options.fetch ?? globalThis.fetch,
        timeoutMs: options.timeoutMs ?? 5_000,
        telegramApiBase: options.telegramApiBase,
        dashboardUrl: options.dashboardUrl ?? null,
      });
      // Errors here are stored and logged: they never quote a credential (deliver.ts redacts them).
      if (result.status === "RETRY") throw new Error(result.error);
      if (result.status === "BUSY") throw new Error("being sent by another worker");
      if (result.status === "FAILED") throw new UnrecoverableError(result.error);
      return result;
    },
    { connection: workerConnection, prefix: options.prefix, concurrency: options.concurrency ?? 4 },
  );
  worker.on("failed", (job, err) => log("notification attempt failed", { deliveryId: job?.data?.deliveryId, attempt: job?.attemptsMade, error: err.message }));
  worker.on("error", (err) => log("notification worker error", { error: err.message }));

  await queue.upsertJobScheduler(
    NOTIFY_SWEEP_SCHEDULER_ID,
    { every: options.sweepEveryMs ?? NOTIFY_SWEEP_EVERY_MS },
    { name: JOBS.notifySweep.name, data: {}, opts: JOBS.notifySweep.options },
  );

  return {
    queue,
    worker,
    /** Hands pending deliveries to the queue now (the schedule does it every few seconds). */
    sweep,
    async close() {
      await worker.close();
      await queue.close();
      workerConnection.disconnect();
      producerConnection.disconnect();
    },
  };
}
