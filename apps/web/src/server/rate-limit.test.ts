/** The Redis counters behind the rate limits, against the real Redis (REDIS_URL). */
import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { connectLimiterRedis, LimiterUnavailable, limitRig, RateLimiter } from "./rate-limit";

const redis = connectLimiterRedis(process.env.REDIS_URL ?? "redis://127.0.0.1:6379");
const prefix = `test:rl:${randomUUID()}`;
// Read by env() on first use, which comes after this.
process.env.RATE_LIMIT_PREFIX = prefix;
process.env.RIG_RATE_LIMIT_PER_MINUTE = "3";
const limiter = new RateLimiter(redis, prefix);
afterAll(async () => {
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length) await redis.del(...keys);
  redis.disconnect();
});

const limit = (subject: string, max = 3, windowSeconds = 60) => ({ name: "t", subject, max, windowSeconds });

describe("RateLimiter", () => {
  it("allows `max` hits in a window, then answers how long to wait", async () => {
    for (let i = 0; i < 3; i++) expect(await limiter.hit([limit("a")])).toBe(0);
    const wait = await limiter.hit([limit("a")]);
    expect(wait).toBeGreaterThan(55);
    expect(wait).toBeLessThanOrEqual(60);
  });

  it("keeps subjects apart, and the most restrictive of several limits decides", async () => {
    for (let i = 0; i < 3; i++) await limiter.hit([limit("b")]);
    expect(await limiter.hit([limit("c")])).toBe(0);
    expect(await limiter.hit([limit("c"), limit("b", 3, 900)])).toBeGreaterThan(0);
  });

  it("gives a hit back on refund, never below zero", async () => {
    for (let i = 0; i < 3; i++) await limiter.hit([limit("d")]);
    await limiter.refund([limit("d")]);
    expect(await limiter.hit([limit("d")])).toBe(0);
    await limiter.refund([limit("never-hit")]);
    expect(await redis.exists(`${prefix}:t:never-hit`)).toBe(0);
  });

  it("never leaves a counter without its expiry", async () => {
    await limiter.hit([limit("e", 3, 30)]);
    const keys = await redis.keys(`${prefix}:t:*`);
    for (const key of keys) expect(await redis.pttl(key)).toBeGreaterThan(0);
  });

  it("starts a new window when the old one expires", async () => {
    for (let i = 0; i < 2; i++) await limiter.hit([limit("f", 1, 1)]);
    expect(await limiter.hit([limit("f", 1, 1)])).toBe(1);
    await new Promise((r) => setTimeout(r, 1_100));
    expect(await limiter.hit([limit("f", 1, 1)])).toBe(0);
  });

  it("says so, quickly, when Redis does not answer", async () => {
    const dead = connectLimiterRedis("redis://127.0.0.1:1");
    const started = Date.now();
    await expect(new RateLimiter(dead, prefix).hit([limit("g")])).rejects.toBeInstanceOf(LimiterUnavailable);
    expect(Date.now() - started).toBeLessThan(2_500);
    dead.disconnect();
  });

  it("limitRig: a rig past RIG_RATE_LIMIT_PER_MINUTE gets a 429 error with retry-after; other rigs go on", async () => {
    for (let i = 0; i < 3; i++) await limitRig(7);
    await expect(limitRig(7)).rejects.toMatchObject({ code: "RATE_LIMITED", retryAfterSeconds: expect.any(Number) });
    await expect(limitRig(8)).resolves.toBeUndefined();
  });

  it("hitEach: counts every limit given, a repeated one once per repeat, and answers each", async () => {
    expect(await limiter.hitEach([limit("h"), limit("i"), limit("h"), limit("h"), limit("h", 3, 900)])).toEqual([0, 0, 0, 0, expect.any(Number)]);
    const [h, i] = await limiter.hitEach([limit("h"), limit("i")]);
    expect(h).toBeGreaterThan(55);
    expect(i).toBe(0);
  });

  it("limitRig: reports arriving together are counted together, each once", async () => {
    const outcomes = await Promise.allSettled([9, 9, 10, 9, 9, 10].map((rig) => limitRig(rig)));
    expect(outcomes.map((o) => o.status)).toEqual(["fulfilled", "fulfilled", "fulfilled", "fulfilled", "rejected", "fulfilled"]);
    expect(outcomes[4]).toMatchObject({ reason: { code: "RATE_LIMITED", retryAfterSeconds: expect.any(Number) } });
    await expect(limitRig(10)).resolves.toBeUndefined();
    await expect(limitRig(10)).rejects.toMatchObject({ code: "RATE_LIMITED" });
  });
});
