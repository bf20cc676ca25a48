/**
 * The repeatable schedules that enqueue epochs and maintenance live in Redis. A Redis that comes
 * back empty (restarted without persistence, replaced by a failover) has none: the workers would
 * reconnect and wait forever for jobs nobody enqueues. So the schedules are written at start and
 * again on every reconnect of the producer connection; upserting one is idempotent, so several
 * workers doing it at once is harmless.
 */
import type { Queue } from "bullmq";
import type { Redis } from "ioredis";
import { EPOCH_SCHEDULER_ID, JOBS, MAINTENANCE_EVERY_MS, MAINTENANCE_SCHEDULER_ID, ROLLUP_RECENT_EVERY_MS, ROLLUP_RECENT_SCHEDULER_ID } from "../queues/catalog";

export async function keepSchedules({
  queue,
  connection,
  epochSeconds,
  log,
}: {
  queue: Queue;
  /** The queue's own connection: its "ready" event marks each (re)connect. */
  connection: Redis;
  epochSeconds: number;
  log: (msg: string, fields?: Record<string, unknown>) => void;
}) {
  const upsert = async () => {
    await queue.upsertJobScheduler(EPOCH_SCHEDULER_ID, { every: epochSeconds * 1000 }, { name: JOBS.epoch.name, data: {}, opts: JOBS.epoch.options });
    await queue.upsertJobScheduler(
      MAINTENANCE_SCHEDULER_ID,
      { every: MAINTENANCE_EVERY_MS, immediately: true },
      { name: JOBS.maintenance.name, data: {}, opts: JOBS.maintenance.options },
    );
    await queue.upsertJobScheduler(ROLLUP_RECENT_SCHEDULER_ID, { every: ROLLUP_RECENT_EVERY_MS }, { name: JOBS.rollupRecent.name, data: {}, opts: JOBS.rollupRecent.options });
  };
  await upsert();
  connection.on("ready", () => {
    upsert().then(
      () => log("schedules written again after a Redis reconnect"),
      (e) => log("could not write the schedules after a Redis reconnect", { error: (e as Error).message }),
    );
  });
}
