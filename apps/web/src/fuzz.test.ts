/**
 * The API fuzzed: every route file on disk, every method it exports, sent malformed and hostile
 * requests generated from a seed (FUZZ_SEED replays a run). Property: a 4xx with
 * `{ error: { code, message } }` (or a 2xx where a mutation is still a valid request), never a
 * 5xx, never a hang; afterwards the server still answers, its memory stays bounded, and no secret
 * it was sent appears in its output or in any answer.
 *
 * Runs its own `next start` (the build `npm test` made) to read its output and memory, with rate
 * limits out of the way and a 1 MiB body limit (the default is 4 MiB: the same code, a quarter
 * of the bytes to push).
 */
import { randomUUID } from "node:crypto";
import { addCapWindow, addPricePoint, createApiKey, createEnrollmentToken, submitJob } from "@rigshift/db";
import { gpuEnrollRequest, testDatabase, truncateAll } from "@rigshift/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BOGUS_IDS, fieldCases, HOSTILE_QUERIES, IGNORED_BODY_CASES, prng, structuralCases, type TBody, type TCase } from "./testkit/fuzz-cases";
import { cookieOf, seedPrincipals, type TPrincipals } from "./testkit/principals";
import { fill, listRoutes, type TMethod, type TRoute } from "./testkit/routes";
import { startWebProcess, type TWebProcess } from "./testkit/web-process";

const SEED = Number(process.env.FUZZ_SEED ?? 20261122);
/**
 * Share of the hostile field values, type confusions, query strings and bogus ids each route gets
 * (the seed picks which; every value still reaches several routes). Framing, encoding, size and
 * credential cases are always all sent. FUZZ_SAMPLE=1 sends everything, about 3,400 cases.
 */
const SAMPLE = Number(process.env.FUZZ_SAMPLE ?? 0.5);
const MAX_BODY_BYTES = 1024 * 1024;
const REQUEST_TIMEOUT_MS = 20_000;
const CONCURRENCY = 4;
/** How much the server's resident memory may grow over the run, KiB. */
const RSS_GROWTH_LIMIT_KB = 512 * 1024;

const db = testDatabase(process.env.DATABASE_URL);
let web: TWebProcess;
let p: TPrincipals;
/** Real ids by the path segment they follow ("rigs" -> a rig's id). */
let realIds: Record<string, string>;
let enrollmentToken: string;
const system = { userId: null, label: "fuzz" };

beforeAll(async () => {
  await truncateAll(db);
  p = await seedPrincipals(db);
  const now = new Date();
  const job = await submitJob({
    db,
    actor: system,
    apiKeyId: p.apiKey.id,
    now,
    input: {
      name: "fuzz",
      customer: "acme",
      gpuCount: 1,
      minVramGbPerGpu: 8,
      gpuModels: [],
      priceUsdPerGpuHour: "2.35",
      durationSeconds: 3600,
      priority: 0,
      deadline: null,
      preemptible: true,
      runtimeProfile: "pytorch",
    },
  });
  const alert = await db.prisma.alert.create({ data: { kind: "fuzz", severity: "WARNING", message: "fuzz", rigId: p.rigA.rigId }, select: { id: true } });
  const victim = await db.prisma.user.create({ data: { email: "victim@test.example", name: "Victim", role: "VIEWER", passwordHash: "unused" }, select: { id: true } });
  const key = await createApiKey({ db, actor: system, customer: "other", now });
  const enrollment = await createEnrollmentToken({ db: db.prisma, siteId: p.siteId, label: "fuzz", createdBy: "fuzz", now });
  enrollmentToken = enrollment.token;
  const agentToken = await db.prisma.agentToken.findFirstOrThrow({ where: { rigId: p.rigB.rigId }, select: { id: true } });
  const feed = await db.prisma.priceFeed.create({ data: { name: "fuzz", kind: "MANUAL" }, select: { id: true } });
  const series = await db.prisma.priceSeries.create({ data: { key: "fuzz-series", kind: "ELECTRICITY", unit: "USD/MWh", feedId: feed.id }, select: { id: true } });
  await addPricePoint({ db, actor: system, seriesKey: "fuzz-series", at: new Date(now.getTime() - 3600_000), valueUsd: "1.5", intervalSeconds: 3600, now });
  await addCapWindow({ db, actor: system, siteId: p.siteId, window: { startsAt: now, endsAt: new Date(now.getTime() + 3600_000), capKw: 500, reason: "fuzz" }, now });
  const window = await db.prisma.powerCapWindow.findFirstOrThrow({ select: { id: true } });
  realIds = {
    rigs: String(p.rigA.rigId),
    sites: String(p.siteId),
    jobs: String(job.id),
    alerts: String(alert.id),
    users: String(victim.id),
    "api-keys": String(key.id),
    "enrollment-tokens": String(enrollment.id),
    "agent-tokens": String(agentToken.id),
    series: String(series.id),
    "cap-windows": String(window.id),
  };
  web = await startWebProcess({
    ...process.env,
    MAX_BODY_BYTES: String(MAX_BODY_BYTES),
    API_RATE_LIMIT_PER_MINUTE: "1000000",
    IP_RATE_LIMIT_PER_MINUTE: "1000000",
    SIGN_IN_MAX_FAILURES_PER_EMAIL: "1000000",
    SIGN_IN_MAX_FAILURES_PER_IP: "1000000",
    RATE_LIMIT_PREFIX: `fuzz:${randomUUID()}`,
  });
}, 120_000);

afterAll(async () => {
  await web?.stop();
  await db.close();
});

/** Ids for a route's dynamic segments: a real one per resource (or "1" for a resource this file does not know), or `bogus` everywhere. */
function idsFor(route: TRoute, bogus?: string): Record<string, string> {
  const segments = route.pattern.split("/");
  return Object.fromEntries(
    route.params.map((name) => {
      const before = segments[segments.findIndex((s) => s.includes(`[${name}]`)) - 1] ?? "";
      return [name, bogus ?? realIds[before] ?? "1"];
    }),
  );
}

/** What the route's rightful caller presents. Sign-out goes without the cookie: the run must keep its session. */
function credentials(pattern: string): Record<string, string> {
  const origin = { origin: web.url };
  if (pattern.startsWith("/api/agent/")) return pattern.endsWith("/enroll") ? {} : { authorization: `Bearer ${p.rigA.rigToken}` };
  if (pattern.startsWith("/api/public/")) return { authorization: `Bearer ${p.apiKey.key}` };
  if (pattern.startsWith("/api/auth/")) return origin;
  if (pattern.startsWith("/api/v1/")) return { ...origin, cookie: cookieOf(p.sessions.ADMIN) };
  return {};
}

/** Writes anyone may send (the body, or nothing, is what authenticates). */
const isPublic = (pattern: string) => ["/api/auth/sign-in", "/api/auth/sign-out", "/api/agent/v1/enroll"].includes(pattern);

/** A valid body per route that reads one; a route not listed here is fuzzed with `{}` as its template. */
function template(method: TMethod, pattern: string): Record<string, unknown> {
  const inAnHour = new Date(Date.now() + 3600_000).toISOString();
  const job = { name: "fuzz job", gpuCount: 1, minVramGbPerGpu: 8, gpuModels: [], priceUsdPerGpuHour: "2.35", durationSeconds: 3600, runtimeProfile: "pytorch" };
  const bodies: Record<string, Record<string, unknown>> = {
    "POST /api/auth/sign-in": { email: "admin@test.example", password: "not the password" },
    "POST /api/agent/v1/enroll": { ...gpuEnrollRequest(enrollmentToken, "fuzz-rig") },
    "POST /api/agent/v1/telemetry": {
      batchId: "00000000-0000-4000-8000-000000000001",
      sentAt: new Date().toISOString(),
      agentVersion: "fuzz",
      samples: [{ at: new Date(Date.now() - 1000).toISOString(), rig: { powerW: 800 }, devices: [{ index: 0, kind: "GPU", tempC: 61, powerW: 280 }] }],
      events: [],
    },
    "POST /api/public/v1/jobs": job,
    "POST /api/v1/jobs": { ...job, customer: "acme" },
    "POST /api/v1/api-keys": { customer: "acme" },
    "POST /api/v1/enrollment-tokens": { siteId: p.siteId, label: "fuzz", ttlHours: 24 },
    "POST /api/v1/finance/exports": { format: "CSV", from: "2026-11-01", to: "2026-11-02" },
    "POST /api/v1/finance/ledger/rebuild": { from: "2026-11-01", to: "2026-11-02", timeZone: "UTC" },
    "POST /api/v1/market/import": { seriesKey: "fuzz-series", csv: "timestamp,value\n2026-11-01T00:00:00Z,1.5\n" },
    "POST /api/v1/market/points": { seriesKey: "fuzz-series", at: new Date(Date.now() - 7200_000).toISOString(), valueUsd: "1.25", intervalSeconds: 3600 },
    "POST /api/v1/rigs/[id]/actions": { action: "pin", mode: "AI", workload: "pytorch", untilHours: 1 },
    "POST /api/v1/rigs/actions": { action: "maintenance", on: false, rigIds: [p.rigA.rigId] },
    "POST /api/v1/sites/[id]/cap-windows": { startsAt: inAnHour, endsAt: new Date(Date.now() + 7200_000).toISOString(), capKw: 100, reason: "fuzz" },
    "PUT /api/v1/sites/[id]/policy": { maxInletTempC: 35, maxGpuTempC: 85, minDwellSeconds: 600, hysteresisBps: 500, curtailStrikeUsdPerMwh: null, fallbackMode: "MINE" },
    "POST /api/v1/users": { email: "new@test.example", name: "New", role: "VIEWER", password: "a long enough password" },
    "PATCH /api/v1/users/[id]": { role: "FINANCE" },
    "POST /api/v1/notification-channels": { name: "fuzz", kind: "WEBHOOK", url: "https://ops.example.com/hook", secret: "0123456789abcdef0123" },
    "PATCH /api/v1/notification-channels/[id]": { name: "renamed", minSeverity: "CRITICAL" },
  };
  return bodies[`${method} ${pattern}`] ?? {};
}

function casesFor(route: TRoute, random: () => number): TCase[] {
  const cases: TCase[] = [];
  const own = credentials(route.pattern);
  const url = fill(route.pattern, idsFor(route));
  for (const method of route.methods) {
    const tpl = template(method, route.pattern);
    const valid = JSON.stringify(tpl);
    const json = { "content-type": "application/json" };
    const at = (label: string, c: Omit<TCase, "label" | "method">) => cases.push({ label: `${method} ${route.pattern} ${label}`, method, ...c });
    for (const id of route.params.length ? BOGUS_IDS.filter(() => random() < SAMPLE) : []) {
      at(`id ${id.slice(0, 20)}`, { path: fill(route.pattern, idsFor(route, id)), headers: { ...own, ...json }, body: method === "GET" ? undefined : valid });
    }
    if (method === "GET") {
      at("plain", { path: url, headers: own, may2xx: true });
      // A handler that reads no query string gets a few, to show it ignores them.
      const queries = route.queryMethods.includes(method) ? HOSTILE_QUERIES.filter(() => random() < SAMPLE) : HOSTILE_QUERIES.filter((_q, i) => i % 10 === 0);
      for (const q of queries) at(`?${q.slice(0, 40)}`, { path: `${url}?${q}`, headers: own, may2xx: true });
      // Who may read what is the auth matrix's business; here only "never a 5xx".
      at("no credentials", { path: url, headers: {}, may2xx: true });
      continue;
    }
    const reads = route.bodyMethods.includes(method);
    const strict = route.pattern.startsWith("/api/public/");
    const structural = structuralCases(tpl, MAX_BODY_BYTES, strict).filter((c) => reads || IGNORED_BODY_CASES.includes(c.label));
    // A handler that reads no body ignores whatever is sent: only "never a 5xx" holds there.
    for (const c of structural) at(c.label, { path: url, headers: { ...own, ...c.headers }, body: c.body, expect: reads ? c.expect : undefined, may2xx: !reads || c.may2xx });
    if (reads) for (const c of fieldCases(tpl, MAX_BODY_BYTES, random, SAMPLE)) at(c.label, { path: url, headers: { ...own, ...c.headers }, body: c.body, may2xx: true });
    // Without the rightful credentials: refused, however hostile the body.
    const bodies: [string, TBody][] = [
      ["valid body", valid],
      ["empty body", ""],
      ["over the limit", `[${"1,".repeat(MAX_BODY_BYTES / 2)}1]`],
    ];
    for (const [label, body] of bodies) {
      at(`no credentials, ${label}`, { path: url, headers: { ...json, origin: web.url }, body, may2xx: isPublic(route.pattern) });
    }
    if (own.origin) {
      // Same-origin check (CSRF): anything but this site's origin, parseable or not, is refused.
      // (auth-matrix.test.ts sends cross-site origins to every route; here the unparseable ones.)
      for (const origin of ["null", "http://[::1", "javascript:alert(1)", "x".repeat(5_000)]) {
        at(`origin ${origin.slice(0, 30)}`, { path: url, headers: { ...own, ...json, origin }, body: valid, expect: [403] });
      }
      const { origin: _origin, ...noOrigin } = own;
      at("no origin", { path: url, headers: { ...noOrigin, ...json }, body: valid, expect: [403] });
    }
    if (own.cookie) {
      at("bogus session", { path: url, headers: { ...json, origin: web.url, cookie: cookieOf(`rss_${"A".repeat(43)}`) }, body: valid, expect: [401] });
      at("huge session cookie", { path: url, headers: { ...json, origin: web.url, cookie: cookieOf("x".repeat(6_000)) }, body: valid, expect: [401] });
    }
    if (own.authorization) {
      const prefix = own.authorization.slice(7, 11);
      const bogus = [
        "",
        "Bearer",
        "Bearer ",
        `Bearer ${prefix}`,
        `Bearer ${prefix}${"A".repeat(43)}`,
        `Bearer ${prefix}${"A".repeat(300)}`,
        `Bearer ${"x".repeat(8_000)}`,
        "Basic dXNlcjpwYXNz",
        `Token ${prefix}x`,
      ];
      bogus.push(`Bearer ${p.revokedRigToken}`, `Bearer ${p.revokedApiKey}`, `Bearer ${p.sessions.ADMIN}`);
      for (const auth of bogus)
        at(`authorization "${auth.slice(0, 24)}"`, { path: url, headers: { ...json, ...(auth ? { authorization: auth } : {}) }, body: valid, expect: [401] });
    }
  }
  return cases;
}

interface TOutcome {
  failure?: string;
  text: string;
  ms: number;
  /** Sent again once: the connection it went out on had been closed under it. */
  retried?: boolean;
}

/**
 * A connection the server closed after refusing an oversized body can be handed by the client's
 * pool to the next request before the close is seen: that request fails without reaching the
 * server, and is sent once more. A timeout is never retried: it is a hang.
 */
const isStaleConnection = (error: unknown) => ["UND_ERR_SOCKET", "ECONNRESET", "EPIPE"].includes((error as { cause?: { code?: string } }).cause?.code ?? "");

async function send(c: TCase, retry = true): Promise<TOutcome> {
  const started = Date.now();
  const body = typeof c.body === "function" ? c.body() : c.body;
  let res: Response;
  try {
    res = await fetch(`${web.url}${c.path}`, {
      method: c.method,
      headers: c.headers,
      body: c.method === "GET" ? undefined : body,
      redirect: "manual",
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      ...(typeof c.body === "function" ? { duplex: "half" } : {}),
    } as RequestInit);
  } catch (error) {
    if (retry && isStaleConnection(error)) return { ...(await send(c, false)), retried: true };
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    return { failure: `${c.label}: no answer (${(error as Error).message}${cause ? `: ${cause.code ?? cause.message}` : ""})`, text: "", ms: Date.now() - started };
  }
  const text = await res.text().catch(() => "");
  const ms = Date.now() - started;
  const fail = (why: string) => ({ failure: `${c.label}: ${res.status} ${why} ${text.slice(0, 160)}`, text, ms });
  if (res.status >= 500) return fail("server error");
  if (c.expect && !c.expect.includes(res.status)) return fail(`expected ${c.expect.join("|")}`);
  if (res.status < 300) return c.may2xx ? { text, ms } : fail("accepted");
  if (res.status < 400) return fail("redirect");
  try {
    const error = JSON.parse(text)?.error;
    if (typeof error?.code !== "string" || typeof error?.message !== "string") return fail("without { error: { code, message } }");
  } catch {
    return fail("not JSON");
  }
  return { text, ms };
}

async function runAll(cases: TCase[]): Promise<{ failures: string[]; texts: string[]; retried: number; slowest: string[] }> {
  const outcomes: TOutcome[] = new Array(cases.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < cases.length; i = next++) outcomes[i] = await send(cases[i]!);
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  // Where the time goes, by kind of case (the label after the route).
  const byKind = new Map<string, number>();
  cases.forEach((c, i) => {
    const kind = c.label
      .split(" ")
      .slice(2)
      .join(" ")
      .replace(/^\w+: /, "")
      .slice(0, 40);
    byKind.set(kind, (byKind.get(kind) ?? 0) + outcomes[i]!.ms);
  });
  const slowest = [...byKind.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 6)
    .map(([kind, ms]) => `${kind} ${Math.round(ms / 1000)} s`);
  return {
    failures: outcomes.flatMap((o) => (o.failure ? [o.failure] : [])),
    texts: outcomes.map((o) => o.text),
    retried: outcomes.filter((o) => o.retried).length,
    slowest,
  };
}

/** Secrets in the shapes the system issues, sent only in requests that must fail. */
const secrets = (random: () => number) => {
  const chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  const s = (n: number) => Array.from({ length: n }, () => chars[Math.floor(random() * chars.length)]).join("");
  return { password: `pw-${s(24)}`, rigToken: `rsa_${s(43)}`, apiKey: `rsk_${s(43)}`, session: `rss_${s(43)}`, enrollment: `rse_${s(43)}` };
};

describe("the API under malformed and hostile requests", () => {
  it("answers every case with a 4xx (or a 2xx for a still-valid mutation), never a 5xx, never a hang", async () => {
    const random = prng(SEED);
    const routes = listRoutes();
    const cases = routes.flatMap((r) => casesFor(r, random));
    const methods = routes.reduce((n, r) => n + r.methods.length, 0);
    const rssBefore = web.rssKb();
    let rssPeak = rssBefore;
    const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, web.rssKb())), 250);
    const started = Date.now();
    const { failures, retried, slowest } = await runAll(cases);
    clearInterval(sampler);
    const rssAfter = web.rssKb();
    const mib = (kb: number) => Math.round(kb / 1024);
    console.log(
      `fuzz: ${cases.length} cases over ${routes.length} routes (${methods} methods), seed ${SEED}, sample ${SAMPLE}, ${Math.round((Date.now() - started) / 1000)} s ` +
        `(most time: ${slowest.join(", ")}); ${retried} resent after a stale connection; ` +
        `server RSS ${mib(rssBefore)} MiB before, ${mib(rssPeak)} MiB peak, ${mib(rssAfter)} MiB after; ${failures.length} failures`,
    );
    if (failures.length) console.log(failures.join("\n"));
    if (/unhandled error in route/.test(web.output())) console.log(web.output().slice(-20_000));
    expect(failures.slice(0, 40)).toEqual([]);

    const health = await fetch(`${web.url}/api/v1/health`, { signal: AbortSignal.timeout(5_000) });
    expect(health.status).toBe(200);
    const fleet = await fetch(`${web.url}/api/v1/fleet`, { headers: { cookie: cookieOf(p.sessions.VIEWER) }, signal: AbortSignal.timeout(5_000) });
    expect(fleet.status).toBe(200);
    expect(rssAfter - rssBefore).toBeLessThan(RSS_GROWTH_LIMIT_KB);
  }, 240_000);

  it("never echoes a secret it was sent, in an answer or in the server's output", async () => {
    const s = secrets(prng(SEED + 1));
    const json = { "content-type": "application/json", origin: web.url };
    const admin = { ...json, cookie: cookieOf(p.sessions.ADMIN) };
    const cases: TCase[] = [
      {
        label: "sign-in, wrong password",
        method: "POST",
        path: "/api/auth/sign-in",
        headers: json,
        body: JSON.stringify({ email: "admin@test.example", password: s.password }),
        expect: [401],
      },
      {
        label: "sign-in, unknown email",
        method: "POST",
        path: "/api/auth/sign-in",
        headers: json,
        body: JSON.stringify({ email: "nobody@test.example", password: s.password }),
        expect: [401],
      },
      {
        label: "sign-in, bad email",
        method: "POST",
        path: "/api/auth/sign-in",
        headers: json,
        body: JSON.stringify({ email: `x ${s.password}`, password: s.password }),
        expect: [422],
      },
      {
        label: "sign-in, long password",
        method: "POST",
        path: "/api/auth/sign-in",
        headers: json,
        body: JSON.stringify({ email: "admin@test.example", password: s.password.repeat(20) }),
        expect: [422],
      },
      {
        label: "telemetry, bogus rig token",
        method: "POST",
        path: "/api/agent/v1/telemetry",
        headers: { ...json, authorization: `Bearer ${s.rigToken}` },
        body: "{}",
        expect: [401],
      },
      { label: "desired state, bogus rig token", method: "GET", path: "/api/agent/v1/desired-state", headers: { authorization: `Bearer ${s.rigToken}` }, expect: [401] },
      {
        label: "enroll, bogus token",
        method: "POST",
        path: "/api/agent/v1/enroll",
        headers: json,
        body: JSON.stringify(gpuEnrollRequest(s.enrollment, "secret-rig")),
        expect: [401],
      },
      {
        label: "enroll, invalid proposed token",
        method: "POST",
        path: "/api/agent/v1/enroll",
        headers: json,
        body: JSON.stringify({ ...gpuEnrollRequest(s.enrollment, "r"), proposedRigToken: `${s.rigToken}!` }),
        expect: [422],
      },
      { label: "public API, bogus key", method: "POST", path: "/api/public/v1/jobs", headers: { ...json, authorization: `Bearer ${s.apiKey}` }, body: "{}", expect: [401] },
      { label: "dashboard API, bogus session", method: "GET", path: "/api/v1/fleet", headers: { cookie: cookieOf(s.session) }, expect: [401] },
      { label: "metrics, bogus token", method: "GET", path: "/metrics", headers: { authorization: `Bearer ${s.apiKey}` }, may2xx: true },
      {
        label: "create user, bad email",
        method: "POST",
        path: "/api/v1/users",
        headers: admin,
        body: JSON.stringify({ email: "no", name: "n", role: "VIEWER", password: s.password }),
        expect: [422],
      },
      {
        label: "create user, bad role",
        method: "POST",
        path: "/api/v1/users",
        headers: admin,
        body: JSON.stringify({ email: "a@test.example", name: "n", role: s.password, password: s.password }),
        expect: [422],
      },
    ];
    const { failures, texts } = await runAll(cases);
    expect(failures).toEqual([]);
    const values = Object.values(s);
    for (const text of texts) for (const secret of values) expect(text).not.toContain(secret);
    // Give the server a moment to flush what it logs about the last requests.
    await new Promise((r) => setTimeout(r, 300));
    const output = web.output();
    for (const secret of values) expect(output).not.toContain(secret);
    // Nor any credential of the shapes the system issues, from this or the fuzz run.
    expect(output).not.toMatch(/rs[aesk]_[A-Za-z0-9_-]{20,}/);
    expect(output).not.toContain("unhandled error in route");
  }, 60_000);
});
