/**
 * Rate limits and the body limit as a client meets them, over HTTP against private `next start`
 * processes with small limits (one with Redis unreachable). Clients are told apart by
 * X-Forwarded-For, as the proxy in front of the app would.
 */
import { randomUUID } from "node:crypto";
import { ensureUser } from "@rigshift/db/seed";
import { testDatabase, truncateAll } from "@rigshift/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cookieOf, seedPrincipals, type TPrincipals } from "./testkit/principals";
import { startWebProcess, type TWebProcess } from "./testkit/web-process";

const db = testDatabase(process.env.DATABASE_URL);
const PASSWORD = "correct horse battery staple";
// Smaller than the defaults (env.ts) so that each limit is reached in a few requests: every
// sign-in attempt costs a scrypt hash.
const LIMITS = { API_RATE_LIMIT_PER_MINUTE: 20, IP_RATE_LIMIT_PER_MINUTE: 50, SIGN_IN_MAX_FAILURES_PER_EMAIL: 5, SIGN_IN_MAX_FAILURES_PER_IP: 8, MAX_BODY_BYTES: 65_536 };
let web: TWebProcess;
let noRedis: TWebProcess;
let p: TPrincipals;

beforeAll(async () => {
  await truncateAll(db);
  p = await seedPrincipals(db);
  await ensureUser({ db: db.prisma, email: "op@example.com", name: "Op", role: "OPERATOR", password: PASSWORD });
  await ensureUser({ db: db.prisma, email: "fin@example.com", name: "Fin", role: "FINANCE", password: PASSWORD });
  const settings = Object.fromEntries(Object.entries(LIMITS).map(([k, v]) => [k, String(v)]));
  [web, noRedis] = await Promise.all([
    startWebProcess({ ...process.env, ...settings, RATE_LIMIT_PREFIX: `test:${randomUUID()}` }),
    startWebProcess({ ...process.env, ...settings, REDIS_URL: "redis://127.0.0.1:1" }),
  ]);
}, 120_000);

afterAll(async () => {
  await Promise.all([web?.stop(), noRedis?.stop()]);
  await db.close();
});

const signIn = (server: TWebProcess, email: string, password: string, ip: string) =>
  fetch(`${server.url}/api/auth/sign-in`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: server.url, "x-forwarded-for": ip },
    body: JSON.stringify({ email, password }),
  });

const get = (server: TWebProcess, path: string, headers: Record<string, string>) => fetch(`${server.url}${path}`, { headers });

async function expectRateLimited(res: Response, maxSeconds: number) {
  expect(res.status).toBe(429);
  const retryAfter = Number(res.headers.get("retry-after"));
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(maxSeconds);
  const body = await res.json();
  expect(body.error.code).toBe("RATE_LIMITED");
  expect(body.error.message).toMatch(/retry in \d+ s/);
}

describe("sign-in brute force", () => {
  it("refuses an email after SIGN_IN_MAX_FAILURES_PER_EMAIL failed attempts, from any address, even with the right password", async () => {
    for (let i = 1; i <= LIMITS.SIGN_IN_MAX_FAILURES_PER_EMAIL; i++) {
      expect((await signIn(web, "op@example.com", `guess ${i}`, `10.1.0.${i}`)).status).toBe(401);
    }
    await expectRateLimited(await signIn(web, "OP@example.com", PASSWORD, "10.1.1.1"), 900);
    // Another account is not affected.
    expect((await signIn(web, "fin@example.com", PASSWORD, "10.1.1.1")).status).toBe(200);
  });

  it("refuses an address after SIGN_IN_MAX_FAILURES_PER_IP failures across emails (then even a right password); successful sign-ins do not count", async () => {
    const ip = "10.2.0.1";
    for (let i = 1; i <= LIMITS.SIGN_IN_MAX_FAILURES_PER_IP; i++) {
      expect((await signIn(web, `nobody${i}@example.com`, "guess", ip)).status).toBe(401);
      if (i % 3 === 0) expect((await signIn(web, "fin@example.com", PASSWORD, ip)).status).toBe(200);
    }
    await expectRateLimited(await signIn(web, "fin@example.com", PASSWORD, ip), 900);
    expect((await signIn(web, "someone@example.com", "guess", "10.2.0.2")).status).toBe(401);
  });
});

describe("API limits", () => {
  it("gives a user over the limit a 429 with retry-after, while another user is unaffected", async () => {
    const viewer = { cookie: cookieOf(p.sessions.VIEWER), "x-forwarded-for": "10.3.0.1" };
    const operator = { cookie: cookieOf(p.sessions.OPERATOR), "x-forwarded-for": "10.3.0.1" };
    for (let i = 0; i < LIMITS.API_RATE_LIMIT_PER_MINUTE; i++) expect((await get(web, "/api/v1/sites", viewer)).status).toBe(200);
    await expectRateLimited(await get(web, "/api/v1/sites", viewer), 60);
    expect((await get(web, "/api/v1/sites", operator)).status).toBe(200);
  });

  it("limits a customer API key like a session", async () => {
    const key = { authorization: `Bearer ${p.apiKey.key}`, "x-forwarded-for": "10.3.0.2" };
    for (let i = 0; i < LIMITS.API_RATE_LIMIT_PER_MINUTE; i++) expect((await get(web, "/api/public/v1/jobs/999999", key)).status).toBe(404);
    await expectRateLimited(await get(web, "/api/public/v1/jobs/999999", key), 60);
  });

  it("limits an address, whatever credentials it sends", async () => {
    const from = (i: number) => ({ cookie: cookieOf(`rss_sprayed-${i}`), "x-forwarded-for": "10.4.0.1" });
    for (let i = 0; i < LIMITS.IP_RATE_LIMIT_PER_MINUTE; i++) expect((await get(web, "/api/v1/fleet", from(i))).status).toBe(401);
    await expectRateLimited(await get(web, "/api/v1/fleet", from(-1)), 60);
    expect((await get(web, "/api/v1/fleet", { "x-forwarded-for": "10.4.0.2" })).status).toBe(401);
  });

  it("leaves the agent API to its own per-rig limit", async () => {
    const rig = { authorization: `Bearer ${p.rigA.rigToken}`, "x-forwarded-for": "10.5.0.1" };
    for (let i = 0; i <= LIMITS.API_RATE_LIMIT_PER_MINUTE + 5; i++) expect((await get(web, "/api/agent/v1/desired-state", rig)).status).toBe(200);
  });
});

describe("body limit", () => {
  const post = (body: BodyInit, extra: RequestInit = {}) =>
    fetch(`${web.url}/api/v1/api-keys`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: web.url, cookie: cookieOf(p.sessions.ADMIN), "x-forwarded-for": "10.6.0.1" },
      body,
      ...extra,
    } as RequestInit);

  it("answers 413 to a body over MAX_BODY_BYTES, declared or streamed", async () => {
    const big = JSON.stringify({ customer: "x".repeat(LIMITS.MAX_BODY_BYTES) });
    const declared = await post(big);
    expect(declared.status).toBe(413);
    expect((await declared.json()).error.code).toBe("PAYLOAD_TOO_LARGE");
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(big));
        controller.close();
      },
    });
    expect((await post(stream, { duplex: "half" } as RequestInit)).status).toBe(413);
    // Just under the limit is read, and judged by the schema.
    expect((await post(JSON.stringify({ customer: "x".repeat(LIMITS.MAX_BODY_BYTES - 100) }))).status).toBe(422);
  });
});

describe("with Redis unreachable", () => {
  it("serves reads unlimited, with a warning logged, and refuses writes and sign-in with a 503", async () => {
    const admin = { cookie: cookieOf(p.sessions.ADMIN), "x-forwarded-for": "10.7.0.1" };
    expect((await get(noRedis, "/api/v1/sites", admin)).status).toBe(200);
    const write = await fetch(`${noRedis.url}/api/v1/api-keys`, {
      method: "POST",
      headers: { ...admin, "content-type": "application/json", origin: noRedis.url },
      body: JSON.stringify({ customer: "acme" }),
    });
    expect(write.status).toBe(503);
    expect(write.headers.get("retry-after")).toBe("5");
    expect((await write.json()).error.code).toBe("UNAVAILABLE");
    expect((await signIn(noRedis, "op@example.com", PASSWORD, "10.7.0.2")).status).toBe(503);
    expect(noRedis.output()).toMatch(/rate limits not enforced: redis unreachable/);
  });
});
