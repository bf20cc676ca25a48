import { z } from "zod";

/** The web process's whole configuration; the only place that reads process.env. */
export const ZEnv = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: z.string().min(1, "DATABASE_URL is required (see README: npm run demo sets it)"),
  REDIS_URL: z.string().default("redis://127.0.0.1:6379"),
  /** Prefix of every BullMQ key: the same value as the scheduler worker's (the web app queues test notifications). */
  QUEUE_PREFIX: z
    .string()
    .regex(/^[a-z0-9-]+$/)
    .default("rigshift"),
  /**
   * Rate limits (server/rate-limit.ts), counted in Redis so they hold across web instances.
   * Keys start with RATE_LIMIT_PREFIX; windows are fixed and start at their first hit.
   */
  RATE_LIMIT_PREFIX: z.string().min(1).max(100).default("rigshift:rl"),
  /** API requests a minute per credential (session cookie or API key). */
  API_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().positive().default(600),
  /** API requests a minute per client address, signed in or not (covers credential spraying). */
  IP_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().positive().default(1200),
  /** Failed sign-ins per email, and per client address, within SIGN_IN_WINDOW_SECONDS; the next attempt gets a 429. */
  SIGN_IN_MAX_FAILURES_PER_EMAIL: z.coerce.number().int().positive().default(10),
  SIGN_IN_MAX_FAILURES_PER_IP: z.coerce.number().int().positive().default(30),
  SIGN_IN_WINDOW_SECONDS: z.coerce.number().int().positive().default(900),
  /** Agent API requests a minute per rig (telemetry every few seconds, plus a journal's catch-up after an outage). */
  RIG_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().positive().default(240),
  /**
   * Reverse proxies in front of the web app that append to X-Forwarded-For: the client address is
   * the entry this many places from the right. Without a proxy Next adds the peer address itself,
   * unless the client sent the header: expose the app through a proxy you run.
   */
  TRUSTED_PROXY_HOPS: z.coerce.number().int().min(1).max(10).default(1),
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
  /** Where finance export files are written (by the finance worker) and served from; relative to the web app's cwd. */
  EXPORT_DIR: z.string().min(1).default(".data/exports"),
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
