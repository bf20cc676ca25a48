/**
 * Every queue and job the scheduler uses: name, payload schema and retry policy in one place.
 * Queue names are hash-tagged ({rigshift}) so that all keys of a queue land in one Redis
 * Cluster slot. Producers and workers both import from here.
 */
import type { JobsOptions } from "bullmq";
import { z } from "zod";

export const ZEpochJob = z.object({
  /** Start of the epoch to decide, ISO-8601; the run is idempotent per epoch. */
  epochStart: z.iso.datetime(),
});
export type TEpochJob = z.infer<typeof ZEpochJob>;

export const SCHEDULER_QUEUE = "{rigshift}-scheduler";

export const JOBS = {
  epoch: {
    name: "epoch",
    schema: ZEpochJob,
    options: {
      attempts: 3,
      backoff: { type: "exponential", delay: 2_000 },
      removeOnComplete: { count: 100 },
      removeOnFail: { count: 500 },
    } satisfies JobsOptions,
  },
} as const;

/** The repeatable schedule that enqueues one epoch job per epoch. */
export const EPOCH_SCHEDULER_ID = "epoch-every";

/** Floors a time to the start of its epoch. */
export function epochStartOf(atMs: number, epochSeconds: number): Date {
  const ms = epochSeconds * 1000;
  return new Date(Math.floor(atMs / ms) * ms);
}
