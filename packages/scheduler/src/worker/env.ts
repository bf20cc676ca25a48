import { z } from "zod";

/** The scheduler worker's whole configuration; the only place that reads process.env. */
const ZEnv = z.object({
  DATABASE_URL: z.string().min(1),
  REDIS_URL: z.string().default("redis://127.0.0.1:6379"),
  /** Length of a scheduling epoch, seconds. */
  EPOCH_SECONDS: z.coerce.number().int().min(5).max(3600).default(60),
  /** Prefix for every BullMQ key; lets several deployments (demo, tests) share one Redis. */
  QUEUE_PREFIX: z
    .string()
    .regex(/^[a-z0-9-]+$/)
    .default("rigshift"),
  WORKER_ID: z.string().optional(),
  /** Seconds without a report before a rig is offline (the same setting as the web app's). */
  RIG_OFFLINE_AFTER_SECONDS: z.coerce.number().int().positive().default(300),
  /** Days of raw telemetry (RigSample, DeviceSample) kept; 1-minute and 1-hour rollups are kept longer. */
  TELEMETRY_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(7),
});

export const env = () => ZEnv.parse(process.env);
