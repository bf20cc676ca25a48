/**
 * The agent API as a rig sees it: over HTTP against the built web app that `npm test` runs
 * (WEB_URL) and against the agent gateway process serving the same routes (GATEWAY_URL), with
 * the real database behind them (DATABASE_URL). Both must answer alike, case for case.
 */
import { randomUUID } from "node:crypto";
import { createEnrollmentToken } from "@rigshift/db";
import { gpuEnrollRequest, seedEnrolledRig, seedSite, testDatabase, truncateAll } from "@rigshift/db/testing";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

const { WEB_URL, GATEWAY_URL } = process.env;
if (!WEB_URL || !GATEWAY_URL) throw new Error("WEB_URL and GATEWAY_URL must be set: run with `npm test`, which starts the web app and the agent gateway");
const db = testDatabase(process.env.DATABASE_URL);
afterAll(() => db.close());
beforeEach(() => truncateAll(db));

let base = WEB_URL;
const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${base}${path}`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: typeof body === "string" ? body : JSON.stringify(body) });

function telemetry(overrides: Record<string, unknown> = {}) {
  return {
    batchId: randomUUID(),
    sentAt: new Date().toISOString(),
    agentVersion: "test",
    samples: [{ at: new Date(Date.now() - 1000).toISOString(), rig: { powerW: 800 }, devices: [{ index: 0, kind: "GPU", tempC: 61, powerW: 280 }] }],
    events: [],
    ...overrides,
  };
}

const samples = async () => Number((await db.pool.query(`SELECT count(*) FROM "RigSample"`)).rows[0].count);

describe.each([
  ["web app", WEB_URL],
  ["agent gateway", GATEWAY_URL],
])("%s", (_name, url) => {
  beforeAll(() => {
    base = url;
  });

  describe("POST /api/agent/v1/enroll", () => {
    it("trades a one-time token for a rig token, once", async () => {
      const site = await seedSite(db);
      const { token } = await createEnrollmentToken({ db: db.prisma, siteId: site.id, label: "t", createdBy: "test", now: new Date() });
      const first = await post("/api/agent/v1/enroll", gpuEnrollRequest(token, "rig-a"));
      expect(first.status).toBe(201);
      const body = await first.json();
      expect(body.rigToken).toMatch(/^rsa_/);
      expect(body.siteCode).toBe(site.code);
      const stored = await db.prisma.agentToken.findFirstOrThrow({ where: { rigId: body.rigId } });
      expect(stored.tokenHash).not.toContain(body.rigToken.slice(4, 20));
      const second = await post("/api/agent/v1/enroll", gpuEnrollRequest(token, "rig-b"));
      expect(second.status).toBe(401);
      expect((await second.json()).error.message).toMatch(/used/);
      expect(await db.prisma.rig.count()).toBe(1);
    });
  });

  describe("POST /api/agent/v1/enroll, retried after a lost answer", () => {
    it("answers the same enrollment again for the same proposed rig token, and nothing else", async () => {
      const site = await seedSite(db);
      const { token } = await createEnrollmentToken({ db: db.prisma, siteId: site.id, label: "t", createdBy: "test", now: new Date() });
      const proposedRigToken = `rsa_${"A".repeat(20)}${randomUUID().replaceAll("-", "")}`;
      const first = await post("/api/agent/v1/enroll", { ...gpuEnrollRequest(token, "rig-r"), proposedRigToken });
      expect(first.status).toBe(201);
      const retry = await post("/api/agent/v1/enroll", { ...gpuEnrollRequest(token, "rig-r"), proposedRigToken });
      expect(retry.status).toBe(201);
      expect(await retry.json()).toEqual(await first.json());
      const other = await post("/api/agent/v1/enroll", { ...gpuEnrollRequest(token, "rig-r"), proposedRigToken: `rsa_${"B".repeat(20)}${randomUUID().replaceAll("-", "")}` });
      expect(other.status).toBe(401);
      expect(await db.prisma.agentToken.count()).toBe(1);
    });
  });

  describe("POST /api/agent/v1/telemetry", () => {
    it("stores a valid batch and answers with the desired state", async () => {
      const rig = await seedEnrolledRig(db);
      const res = await post("/api/agent/v1/telemetry", telemetry(), { authorization: `Bearer ${rig.rigToken}` });
      expect(res.status).toBe(200);
      const ack = await res.json();
      expect(ack).toMatchObject({ accepted: 1, duplicate: false, desired: { mode: "MINE", workload: "rvn-kawpow" } });
      expect(await samples()).toBe(1);
    });

    it("is idempotent: the same batch twice is stored once", async () => {
      const rig = await seedEnrolledRig(db);
      const body = telemetry();
      const auth = { authorization: `Bearer ${rig.rigToken}` };
      expect((await post("/api/agent/v1/telemetry", body, auth)).status).toBe(200);
      const again = await post("/api/agent/v1/telemetry", body, auth);
      expect(await again.json()).toMatchObject({ accepted: 0, duplicate: true });
      expect(await samples()).toBe(1);
    });

    const bad: [string, () => Promise<{ body: unknown; headers?: Record<string, string>; token?: string }>, number, RegExp][] = [
      ["a wrong token", async () => ({ body: telemetry(), token: "rsa_not-a-real-token-at-all" }), 401, /unknown or revoked/],
      ["no token", async () => ({ body: telemetry(), token: "" }), 401, /missing/],
      ["a body that is not JSON", async () => ({ body: "{not json" }), 400, /not valid JSON/],
      ["the wrong content type", async () => ({ body: telemetry(), headers: { "content-type": "text/plain" } }), 415, /application\/json/],
      [
        "a temperature out of range",
        async () => ({ body: telemetry({ samples: [{ at: new Date().toISOString(), rig: {}, devices: [{ index: 0, kind: "GPU", tempC: 900 }] }] }) }),
        422,
        /samples\.0\.devices\.0\.tempC/,
      ],
      ["a negative power", async () => ({ body: telemetry({ samples: [{ at: new Date().toISOString(), rig: { powerW: -5 }, devices: [] }] }) }), 422, /powerW/],
      ["a missing batch id", async () => ({ body: { ...telemetry(), batchId: undefined } }), 422, /batchId/],
      [
        "a timestamp an hour ahead",
        async () => ({ body: telemetry({ samples: [{ at: new Date(Date.now() + 3600_000).toISOString(), rig: {}, devices: [] }] }) }),
        422,
        /ahead of the server clock/,
      ],
    ];

    for (const [what, make, status, reason] of bad) {
      it(`answers ${status} with a reason for ${what}, and writes nothing`, async () => {
        const rig = await seedEnrolledRig(db);
        const { body, headers, token } = await make();
        const res = await post("/api/agent/v1/telemetry", body as object, { ...(token === "" ? {} : { authorization: `Bearer ${token ?? rig.rigToken}` }), ...headers });
        expect(res.status).toBe(status);
        const error = await res.json();
        expect(JSON.stringify(error.error)).toMatch(reason);
        expect(await samples()).toBe(0);
        expect(await db.prisma.telemetryBatch.count()).toBe(0);
      });
    }

    it("refuses a token revoked by a re-enrollment", async () => {
      const rig = await seedEnrolledRig(db, { hostname: "rig-x" });
      const { token } = await createEnrollmentToken({ db: db.prisma, siteId: rig.siteId, label: "re", createdBy: "test", now: new Date() });
      const again = await post("/api/agent/v1/enroll", gpuEnrollRequest(token, "rig-x"));
      expect(again.status).toBe(201);
      const old = await post("/api/agent/v1/telemetry", telemetry(), { authorization: `Bearer ${rig.rigToken}` });
      expect(old.status).toBe(401);
      expect(await db.prisma.rig.count()).toBe(1);
    });
  });

  it("counts the batches it stored in its own /metrics", async () => {
    const scrape = async () => {
      const res = await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${process.env.METRICS_TOKEN}` } });
      expect(res.status).toBe(200);
      const line = (await res.text()).split("\n").find((l) => l.startsWith('rigshift_ingest_batches_total{outcome="accepted"}'));
      return Number(line?.split(" ")[1]);
    };
    const before = await scrape();
    const rig = await seedEnrolledRig(db);
    expect((await post("/api/agent/v1/telemetry", telemetry(), { authorization: `Bearer ${rig.rigToken}` })).status).toBe(200);
    expect(await scrape()).toBe(before + 1);
  });

  it("answers 404 for an unknown route and 405 for a wrong method", async () => {
    const missing = await post("/api/agent/v1/nothing-here", {});
    expect(missing.status).toBe(404);
    const wrongMethod = await fetch(`${base}/api/agent/v1/telemetry`, { method: "GET" });
    expect(wrongMethod.status).toBe(405);
  });
});
