/**
 * Jobs per state in every queue of the catalogue, for the web app's /metrics. One Redis
 * connection and one Queue object per queue for the process (scrapes come every few seconds);
 * it fails fast, like every producer: a scrape with Redis away reports that, it never hangs.
 */
import { type JobState, Queue } from "bullmq";
import { Redis } from "ioredis";
import { QUEUES } from "./queues/catalog";

export const QUEUE_JOB_STATES = ["waiting", "prioritized", "active", "delayed", "waiting-children", "failed", "completed"] as const satisfies readonly JobState[];
export type TQueueJobState = (typeof QUEUE_JOB_STATES)[number];
export type TQueueDepths = { queue: string; counts: Record<TQueueJobState, number> }[];

const globalForQueues = globalThis as unknown as { rigshiftWatchedQueues?: { key: string; connection: Redis; queues: Queue[] } };

function watchedQueues(redisUrl: string, prefix: string): Queue[] {
  const key = `${redisUrl}|${prefix}`;
  const current = globalForQueues.rigshiftWatchedQueues;
  if (current?.key === key) return current.queues;
  // Only tests change the settings within a process; the old connection goes with them.
  current?.connection.disconnect();
  const connection = new Redis(redisUrl, { maxRetriesPerRequest: 1, enableOfflineQueue: false, connectTimeout: 2_000 });
  connection.on("error", () => {});
  const queues = QUEUES.map((name) => new Queue(name, { connection, prefix }));
  // A Redis outage shows on the scrape (rigshift_dependency_up{dependency="redis"} 0), not as a log line per reconnect.
  for (const q of queues) q.on("error", () => {});
  globalForQueues.rigshiftWatchedQueues = { key, connection, queues };
  return queues;
}

/** Counts per queue and state; rejects within `timeoutMs` when Redis does not answer. */
export async function queueDepths({ redisUrl, prefix, timeoutMs = 2_000 }: { redisUrl: string; prefix: string; timeoutMs?: number }): Promise<TQueueDepths> {
  const counts = Promise.all(
    watchedQueues(redisUrl, prefix).map(async (queue) => ({ queue: queue.name, counts: (await queue.getJobCounts(...QUEUE_JOB_STATES)) as Record<TQueueJobState, number> })),
  );
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error("the job queue did not answer")), timeoutMs);
  });
  try {
    return await Promise.race([counts, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
