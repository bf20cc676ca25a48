/**
 * Producer side of the finance queue, for the web app: enqueue an export or a ledger rebuild.
 * Producers fail fast (one retry, no offline queue): a request answers 503 rather than hang.
 * Job ids make enqueueing an export idempotent: one export job, one queue entry.
 */
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { FINANCE_QUEUE, JOBS } from "./queues/catalog";

const globalForQueue = globalThis as unknown as { rigshiftFinanceQueue?: { key: string; queue: Queue; connection: Redis } };

/**
 * The queue once its connection is up. Without an offline queue, a command sent while the first
 * connection is still being made fails at once: the first request after a start waits for it
 * (bounded by connectTimeout) instead.
 */
async function financeQueue(redisUrl: string, prefix: string): Promise<Queue> {
  const { queue, connection } = financeConnection(redisUrl, prefix);
  if (connection.status === "connecting" || connection.status === "wait" || connection.status === "reconnecting") {
    await new Promise<void>((resolve) => {
      const done = () => {
        connection.off("ready", done);
        connection.off("error", done);
        resolve();
      };
      connection.once("ready", done);
      connection.once("error", done);
    });
  }
  return queue;
}

function financeConnection(redisUrl: string, prefix: string) {
  const key = `${redisUrl}|${prefix}`;
  if (globalForQueue.rigshiftFinanceQueue?.key !== key) {
    const connection = new Redis(redisUrl, { maxRetriesPerRequest: 1, enableOfflineQueue: false, connectTimeout: 2_000 });
    connection.on("error", () => {});
    const queue = new Queue(FINANCE_QUEUE, { connection, prefix });
    // Redis being away is reported by each call (and the health check), not as an unhandled event.
    queue.on("error", () => {});
    globalForQueue.rigshiftFinanceQueue = { key, queue, connection };
  }
  return globalForQueue.rigshiftFinanceQueue;
}

/** Resolves once Redis has the job; rejects within seconds if Redis is away. */
async function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error("the job queue did not answer")), ms);
  });
  try {
    return await Promise.race([p, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * `createdAt` goes into the queue's job id with the export's id: ids restart when a database is
 * recreated (tests), and BullMQ silently drops a job whose id it still remembers.
 */
export async function enqueueFinanceExport({ redisUrl, prefix, exportJobId, createdAt }: { redisUrl: string; prefix: string; exportJobId: number; createdAt: Date }) {
  const data = JOBS.financeExport.schema.parse({ exportJobId });
  const jobId = `export-${exportJobId}-${createdAt.getTime()}`;
  await withTimeout((await financeQueue(redisUrl, prefix)).add(JOBS.financeExport.name, data, { ...JOBS.financeExport.options, jobId }), 5_000);
}

export async function enqueueLedgerBuild({ redisUrl, prefix, from, to, requestedBy }: { redisUrl: string; prefix: string; from: Date; to: Date; requestedBy: string }) {
  const data = JOBS.financeLedger.schema.parse({ from: from.toISOString(), to: to.toISOString(), reason: "manual", requestedBy });
  await withTimeout((await financeQueue(redisUrl, prefix)).add(JOBS.financeLedger.name, data, JOBS.financeLedger.options), 5_000);
}

/** Whether the web app's queue connection reaches Redis (the health check); never throws. */
export async function pingQueue({ redisUrl, prefix, timeoutMs = 2_000 }: { redisUrl: string; prefix: string; timeoutMs?: number }): Promise<{ ok: boolean }> {
  try {
    await withTimeout(financeQueue(redisUrl, prefix), timeoutMs);
    return { ok: (await withTimeout(financeConnection(redisUrl, prefix).connection.ping(), timeoutMs)) === "PONG" };
  } catch {
    return { ok: false };
  }
}
