import { z } from "zod";

/** The scheduler worker's whole configuration; the only place that reads process.env. */
export const ZEnv = z.object({
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
  /**
   * Hours every scheduler decision is kept; older decisions are thinned to where the rig's decision
   * changed (mode, workload, jobs, reason) and the last of each hour. The ledger is unaffected.
   */
  DECISION_DETAIL_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 366)
    .default(24),
  /** Alerts (docs/operator-guide.md, Notifications): a mining rig below this % of its profile's hashrate. */
  HASHRATE_ALERT_BELOW_PCT: z.coerce.number().min(1).max(100).default(70),
  /** A GPU rig running an AI job whose average GPU utilisation is below this %. */
  UTIL_ALERT_BELOW_PCT: z.coerce.number().min(1).max(100).default(20),
  /** A price spike: the site's current electricity price at or above this multiple of its trailing 24 h median… */
  PRICE_SPIKE_MEDIAN_MULTIPLE: z.coerce.number().min(1).max(100).default(3),
  /** …and at or above this price, $/MWh. */
  PRICE_SPIKE_MIN_USD_PER_MWH: z.coerce.number().min(0).default(100),
  /** The Telegram bot API that Telegram channels post to. */
  TELEGRAM_API_BASE: z.url().default("https://api.telegram.org"),
  /** The dashboard's public address (https://rigshift.example.com), for links in notifications; unset: no links. */
  DASHBOARD_URL: z.preprocess((v) => (v === "" ? undefined : v), z.url().optional()),
});

export const env = () => ZEnv.parse(process.env);
