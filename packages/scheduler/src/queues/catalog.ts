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

/** Housekeeping (telemetry partitions and rollups) runs on the same queue as the epochs. */
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
  maintenance: {
    name: "maintenance",
    schema: z.object({}),
    options: { attempts: 2, backoff: { type: "fixed", delay: 30_000 }, removeOnComplete: { count: 20 }, removeOnFail: { count: 100 } } satisfies JobsOptions,
  },
  /** The last minutes' rollups for the short power charts (rollupRecentMinutes), every minute; a missed run is made good by the next. */
  rollupRecent: {
    name: "rollup-recent",
    schema: z.object({}),
    options: { attempts: 1, removeOnComplete: { count: 20 }, removeOnFail: { count: 100 } } satisfies JobsOptions,
  },
  /** A report file for the Reports page (FINANCE_QUEUE): the ExportJob row holds its parameters and status. */
  financeExport: {
    name: "finance-export",
    schema: z.object({ exportJobId: z.number().int().positive() }),
    options: { attempts: 2, backoff: { type: "fixed", delay: 10_000 }, removeOnComplete: { count: 100 }, removeOnFail: { count: 500 } } satisfies JobsOptions,
  },
  /** (Re)builds the profitability ledger for [from, to) (FINANCE_QUEUE); no period: the last 48 hours, on a schedule. */
  financeLedger: {
    name: "finance-ledger",
    schema: z.object({
      from: z.iso.datetime().optional(),
      to: z.iso.datetime().optional(),
      reason: z.string().max(100).default("schedule"),
      requestedBy: z.string().max(200).default("scheduler"),
    }),
    options: { attempts: 3, backoff: { type: "exponential", delay: 30_000 }, removeOnComplete: { count: 50 }, removeOnFail: { count: 200 } } satisfies JobsOptions,
  },
  /**
   * Sends one alert notification (NOTIFY_QUEUE); the NotificationDelivery row holds what and where.
   * 8 attempts, 5 s doubling: retries span about 10 minutes of a receiver being down.
   */
  notifyDeliver: {
    name: "notify-deliver",
    schema: z.object({ deliveryId: z.number().int().positive() }),
    options: { attempts: 8, backoff: { type: "exponential", delay: 5_000 }, removeOnComplete: { count: 500 }, removeOnFail: { count: 1000 } } satisfies JobsOptions,
  },
  /** Hands pending deliveries (written by refreshAlerts) to NOTIFY_QUEUE, on a schedule. */
  notifySweep: {
    name: "notify-sweep",
    schema: z.object({}),
    options: { attempts: 1, removeOnComplete: { count: 10 }, removeOnFail: { count: 50 } } satisfies JobsOptions,
  },
} as const;

/** The repeatable schedules that enqueue one epoch job per epoch, and maintenance. */
export const EPOCH_SCHEDULER_ID = "epoch-every";
export const MAINTENANCE_SCHEDULER_ID = "maintenance-every";
export const MAINTENANCE_EVERY_MS = 5 * 60_000;
export const ROLLUP_RECENT_SCHEDULER_ID = "rollup-recent-every";
export const ROLLUP_RECENT_EVERY_MS = 60_000;
/** How far back each recent rollup reads: its own period, and a minute for samples still arriving. */
export const ROLLUP_RECENT_WINDOW_MS = 3 * 60_000;

/** Floors a time to the start of its epoch. */
export function epochStartOf(atMs: number, epochSeconds: number): Date {
  const ms = epochSeconds * 1000;
  return new Date(Math.floor(atMs / ms) * ms);
}

/** Finance work (report exports, ledger builds): its own queue, so a long export never delays an epoch. */
export const FINANCE_QUEUE = "{rigshift}-finance";

/** Alert notifications (webhooks, Slack, Telegram): their own queue, so a slow receiver never delays an epoch. */
export const NOTIFY_QUEUE = "{rigshift}-notify";
export const NOTIFY_SWEEP_SCHEDULER_ID = "notify-sweep-every";
export const NOTIFY_SWEEP_EVERY_MS = 10_000;

/** Every queue above, for whatever watches them all (queue depths on /metrics): a new queue goes here too. */
export const QUEUES = [SCHEDULER_QUEUE, FINANCE_QUEUE, NOTIFY_QUEUE] as const;
