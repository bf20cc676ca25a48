/**
 * Producer side of the notification queue, for the web app ("send test notification").
 * Producers fail fast (one retry, no offline queue): a request answers 503 rather than hang.
 */
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { JOBS, NOTIFY_QUEUE } from "../queues/catalog";

/** The delivery's key (a UUID) names its job: unique across databases, and the same for every hand-over. */
export const deliveryJobId = (key: string) => `delivery-${key}`;

const globalForQueue = globalThis as unknown as { rigshiftNotifyQueue?: { key: string; queue: Queue } };

function notifyQueue(redisUrl: string, prefix: string): Queue {
  const key = `${redisUrl}|${prefix}`;
  if (globalForQueue.rigshiftNotifyQueue?.key !== key) {
    const connection = new Redis(redisUrl, { maxRetriesPerRequest: 1, enableOfflineQueue: false, connectTimeout: 2_000 });
    connection.on("error", () => {});
    globalForQueue.rigshiftNotifyQueue = { key, queue: new Queue(NOTIFY_QUEUE, { connection, prefix }) };
  }
  return globalForQueue.rigshiftNotifyQueue.queue;
}

/** Resolves once Redis has the job; rejects within seconds if Redis is away. */
export async function enqueueNotification({ redisUrl, prefix, deliveryId, key }: { redisUrl: string; prefix: string; deliveryId: number; key: string }) {
  const data = JOBS.notifyDeliver.schema.parse({ deliveryId });
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error("the job queue did not answer")), 5_000);
  });
  try {
    await Promise.race([notifyQueue(redisUrl, prefix).add(JOBS.notifyDeliver.name, data, { ...JOBS.notifyDeliver.options, jobId: deliveryJobId(key) }), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
