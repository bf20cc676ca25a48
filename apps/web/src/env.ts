import { z } from "zod";

/** The web process's whole configuration; the only place that reads process.env. */
const ZEnv = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: z.string().min(1, "DATABASE_URL is required (see README: npm run demo sets it)"),
  REDIS_URL: z.string().default("redis://127.0.0.1:6379"),
  /** Prefix of every BullMQ key: the same value as the scheduler worker's (the web app queues test notifications). */
  QUEUE_PREFIX: z
    .string()
    .regex(/^[a-z0-9-]+$/)
    .default("rigshift"),
  /** Seconds without a report before a rig shows as stale, then offline. */
  RIG_STALE_AFTER_SECONDS: z.coerce.number().int().positive().default(45),
  RIG_OFFLINE_AFTER_SECONDS: z.coerce.number().int().positive().default(300),
  /** Cookies are Secure unless explicitly served over plain HTTP (local demo, tests). */
  INSECURE_COOKIES: z
    .enum(["0", "1"])
    .default("0")
    .transform((v) => v === "1"),
  /** Largest accepted request body, bytes (telemetry batches are the largest). */
  MAX_BODY_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(4 * 1024 * 1024),
  /** The agent gateway process (src/gateway): address, port and node:cluster workers. */
  AGENT_GATEWAY_HOST: z.string().default("0.0.0.0"),
  AGENT_GATEWAY_PORT: z.coerce.number().int().min(1).max(65535).default(3100),
  AGENT_GATEWAY_WORKERS: z.coerce.number().int().min(1).max(64).default(1),
  /**
   * Bearer token Prometheus presents to GET /metrics. Required in production: unset, /metrics
   * answers 403 there. In development and test, unset leaves /metrics open.
   */
  METRICS_TOKEN: z.preprocess((v) => (v === "" ? undefined : v), z.string().min(16, "METRICS_TOKEN must be at least 16 characters").optional()),
});

let cached: z.infer<typeof ZEnv> | undefined;

export function env() {
  cached ??= ZEnv.parse(process.env);
  return cached;
}
