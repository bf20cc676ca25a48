/**
 * Rate limits, counted in Redis so that they hold across every web instance.
 *
 * - Every API request through `route()` (the agent API and health checks aside): per credential
 *   (session cookie or bearer token, by its hash) and per client address.
 * - Sign-in: attempts per email and per client address, counted before the password is hashed
 *   (so parallel guesses cannot slip past the check) and refunded when the sign-in succeeds:
 *   what remains counted are failures.
 * - The agent API: per rig, `limitRig(rigId)`, called by its routes once the token is known.
 *
 * Fixed windows: one counter per (limit, subject), INCR and PEXPIRE in one Lua script, so no
 * counter is ever left without its expiry. A window starts at its first hit; a burst of up to
 * twice a limit can pass across a window's end, which is acceptable for abuse limits and costs
 * one round trip per request. The per-rig limit, on every telemetry report, costs less: the
 * rigs that ask within one turn of the event loop are counted in one script call (`hitEach`).
 *
 * When Redis does not answer, reads (GET, HEAD) and the agent API go on unlimited, with a warning
 * logged at most every 30 s: the dashboard stays usable during the incident and telemetry keeps
 * flowing. Writes and sign-in are refused with a 503: they are what the limits protect (password
 * guessing costs a scrypt hash each, writes cost transactions), and an outage of Redis already
 * stops the scheduler and exports, so refusing them for its duration loses little.
 */
import { createHash } from "node:crypto";
import { AppError, unavailable } from "@rigshift/db";
import { Redis } from "ioredis";
import { env } from "../env";
import { SESSION_COOKIE } from "./cookies";

export interface TLimit {
  /** Names the counter and appears in the 429's message. */
  name: string;
  /** Whose counter: a hashed credential, an address, an email, a rig id. Hashed before use. */
  subject: string;
  max: number;
  windowSeconds: number;
}

// KEYS: counters (a key may repeat: each occurrence is a hit). ARGV[1]: "hit" (count and
// compare), "each" (the same, answered per key) or "refund" (give one back). ARGV[2i],
// ARGV[2i+1]: max and window (ms) of KEYS[i]. Returns the ms to wait, 0 when allowed: "hit" the
// longest, "each" one per key.
const SCRIPT = `
local mode = ARGV[1]
local wait = 0
local waits = {}
for i, key in ipairs(KEYS) do
  if mode == "refund" then
    if redis.call("EXISTS", key) == 1 and tonumber(redis.call("GET", key)) > 0 then redis.call("DECR", key) end
  else
    local max = tonumber(ARGV[2 * i])
    local window = tonumber(ARGV[2 * i + 1])
    local n = redis.call("INCR", key)
    local ttl = redis.call("PTTL", key)
    if n == 1 or ttl < 0 then
      redis.call("PEXPIRE", key, window)
      ttl = window
    end
    waits[i] = 0
    if n > max then waits[i] = ttl end
    if n > max and ttl > wait then wait = ttl end
  end
end
if mode == "each" then return waits end
return wait
`;

type TRedisWithScript = Redis & { rigshiftRateLimit(numKeys: number, ...args: (string | number)[]): Promise<number | number[]> };

/** Redis did not answer: the caller decides whether to go on (reads) or refuse (writes). */
export class LimiterUnavailable extends Error {}

export class RateLimiter {
  private readonly createdAt = Date.now();

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {
    redis.defineCommand("rigshiftRateLimit", { lua: SCRIPT });
  }

  /** Counts one hit on every limit; the seconds to wait when any is exceeded, else 0. */
  async hit(limits: TLimit[]): Promise<number> {
    const args = limits.flatMap((l) => [l.max, l.windowSeconds * 1000]);
    const waitMs = Number(await this.run(limits, ["hit", ...args]));
    return waitMs > 0 ? Math.max(1, Math.ceil(waitMs / 1000)) : 0;
  }

  /** Counts one hit on each limit (a limit given twice is hit twice); the seconds each must wait, 0 where allowed. */
  async hitEach(limits: TLimit[]): Promise<number[]> {
    const args = limits.flatMap((l) => [l.max, l.windowSeconds * 1000]);
    const waitsMs = (await this.run(limits, ["each", ...args])) as number[];
    return waitsMs.map((ms) => (ms > 0 ? Math.max(1, Math.ceil(ms / 1000)) : 0));
  }

  /** Gives back the hit of a request that turned out to be fine (a successful sign-in). */
  async refund(limits: TLimit[]): Promise<void> {
    await this.run(limits, ["refund"]);
  }

  private async run(limits: TLimit[], args: (string | number)[]): Promise<number | number[]> {
    // Connected, or still connecting just after start-up: ask. Otherwise Redis is known to be
    // down, and waiting for a timeout on every request would only slow the outage down.
    if (this.redis.status !== "ready" && Date.now() - this.createdAt > 3_000) throw new LimiterUnavailable(`redis is ${this.redis.status}`);
    const keys = limits.map((l) => `${this.prefix}:${l.name}:${digest(l.subject)}`);
    try {
      const answer = await (this.redis as TRedisWithScript).rigshiftRateLimit(keys.length, ...keys, ...args);
      return Array.isArray(answer) ? answer.map(Number) : Number(answer);
    } catch (error) {
      throw new LimiterUnavailable((error as Error).message);
    }
  }
}

const digest = (s: string) => createHash("sha256").update(s).digest("base64url").slice(0, 22);

const lastWarned = new Map<string, number>();
/** Logs `msg` at most every 30 s: an outage must not flood the log with one line per request. */
function warn(msg: string, error: unknown) {
  if (Date.now() - (lastWarned.get(msg) ?? 0) < 30_000) return;
  lastWarned.set(msg, Date.now());
  console.warn(JSON.stringify({ level: "warn", msg, error: String((error as Error)?.message ?? error).slice(0, 200) }));
}

export function connectLimiterRedis(url: string): Redis {
  // Short timeouts: a limit check is on every request's path. No retries of a command: a
  // failed check is decided by the caller (see the file's comment).
  const redis = new Redis(url, { connectTimeout: 2_000, commandTimeout: 500, maxRetriesPerRequest: 0, retryStrategy: (n) => Math.min(n * 250, 2_000) });
  redis.on("error", (error) => warn("rate limits: redis connection error", error));
  return redis;
}

const globalForLimits = globalThis as unknown as { rigshiftRateLimiter?: RateLimiter };

function limiter(): RateLimiter {
  globalForLimits.rigshiftRateLimiter ??= new RateLimiter(connectLimiterRedis(env().REDIS_URL), env().RATE_LIMIT_PREFIX);
  return globalForLimits.rigshiftRateLimiter;
}

export function rateLimited(retryAfterSeconds: number, message: string): AppError {
  return Object.assign(new AppError("RATE_LIMITED", `${message}; retry in ${retryAfterSeconds} s`), { retryAfterSeconds });
}

/** Applies `limits`; on a Redis failure goes on (`failOpen`, with a warning) or answers 503. */
async function enforce(limits: TLimit[], failOpen: boolean, message: string): Promise<void> {
  let wait: number;
  try {
    wait = await limiter().hit(limits);
  } catch (error) {
    if (!(error instanceof LimiterUnavailable)) throw error;
    warn(failOpen ? "rate limits not enforced: redis unreachable" : "refusing a write: rate limits need redis, which is unreachable", error);
    if (failOpen) return;
    throw Object.assign(unavailable("a service this request needs is unreachable; retry shortly"), { retryAfterSeconds: 5 });
  }
  if (wait > 0) throw rateLimited(wait, message);
}

/**
 * The client's address: the entry TRUSTED_PROXY_HOPS places from the right of X-Forwarded-For
 * (proxies append; what a client writes itself is on the left).
 */
export function clientIp(req: Request): string {
  const chain = (req.headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  return (chain[Math.max(0, chain.length - env().TRUSTED_PROXY_HOPS)] ?? "unknown").slice(0, 100);
}

/** Paths not limited here: the agent API has its own per-rig limit; health checks are for load balancers. */
const EXEMPT = [/^\/api\/agent\//, /^\/api\/v1\/health$/];

function credentialOf(req: Request): string | undefined {
  const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.get("authorization") ?? "")?.[1];
  if (bearer) return `bearer:${bearer}`;
  const cookie = (req.headers.get("cookie") ?? "").split(";").find((c) => c.trim().startsWith(`${SESSION_COOKIE}=`));
  const session = cookie?.split("=")[1]?.trim();
  return session ? `session:${session}` : undefined;
}

/** For `route()`: per credential and per address, before the handler does any work. */
export async function limitRequest(req: Request): Promise<void> {
  const path = new URL(req.url).pathname;
  if (EXEMPT.some((re) => re.test(path))) return;
  const e = env();
  const credential = credentialOf(req);
  const limits: TLimit[] = [{ name: "ip", subject: clientIp(req), max: e.IP_RATE_LIMIT_PER_MINUTE, windowSeconds: 60 }];
  if (credential) limits.push({ name: "credential", subject: credential, max: e.API_RATE_LIMIT_PER_MINUTE, windowSeconds: 60 });
  const read = req.method === "GET" || req.method === "HEAD";
  await enforce(limits, read, "too many requests");
}

function signInLimits(email: string, ip: string): TLimit[] {
  const e = env();
  return [
    { name: "sign-in-email", subject: email.trim().toLowerCase(), max: e.SIGN_IN_MAX_FAILURES_PER_EMAIL, windowSeconds: e.SIGN_IN_WINDOW_SECONDS },
    { name: "sign-in-ip", subject: ip, max: e.SIGN_IN_MAX_FAILURES_PER_IP, windowSeconds: e.SIGN_IN_WINDOW_SECONDS },
  ];
}

/**
 * Runs a sign-in attempt under the brute-force limits: counted before `attempt` runs, given back
 * when it succeeds. Over the limit, the password is not even checked.
 */
export async function limitSignIn<T>({ email, ip }: { email: string; ip: string }, attempt: () => Promise<T>): Promise<T> {
  const limits = signInLimits(email, ip);
  await enforce(limits, false, "too many failed sign-ins");
  const result = await attempt();
  await limiter()
    .refund(limits)
    .catch((error) => warn("rate limits: could not refund a successful sign-in", error));
  return result;
}

/**
 * The agent API's limit, per rig: call it once the rig token has been resolved, before reading
 * the body. Throws a 429 (RATE_LIMITED, with retry-after) past RIG_RATE_LIMIT_PER_MINUTE; goes on
 * when Redis is unreachable (telemetry must keep flowing). The rigs that ask within one turn of
 * the event loop are counted together, in one script call: one round trip for a burst of
 * reports instead of one each.
 */
export function limitRig(rigId: number): Promise<void> {
  return new Promise((resolve, reject) => {
    if (!pendingRigs.length) setImmediate(countRigs);
    pendingRigs.push({ rigId, resolve, reject });
  });
}

type TPendingRig = { rigId: number; resolve: () => void; reject: (error: unknown) => void };
let pendingRigs: TPendingRig[] = [];

async function countRigs() {
  const batch = pendingRigs;
  pendingRigs = [];
  const message = "too many requests from this rig";
  let waits: number[];
  try {
    const max = env().RIG_RATE_LIMIT_PER_MINUTE;
    waits = await limiter().hitEach(batch.map((p) => ({ name: "rig", subject: String(p.rigId), max, windowSeconds: 60 })));
  } catch (error) {
    if (!(error instanceof LimiterUnavailable)) {
      for (const p of batch) p.reject(error);
      return;
    }
    warn("rate limits not enforced: redis unreachable", error);
    waits = batch.map(() => 0);
  }
  for (const [i, p] of batch.entries()) {
    const wait = waits[i] ?? 0;
    if (wait > 0) p.reject(rateLimited(wait, message));
    else p.resolve();
  }
}
