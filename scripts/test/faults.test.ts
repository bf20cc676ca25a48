/**
 * Reliability under faults, against the real processes on loopback: the built web app
 * (`next start`, two instances), scheduler workers, real agents (simulated hardware), and
 * PRIVATE Postgres and Redis servers that these tests SIGKILL and start again (never the
 * machine's shared ones). Each test names the property it proves and prints one line of
 * counts: samples sent (taken by agents), acknowledged, stored, duplicates.
 * Needs the built web app (npm test builds it).
 */
import { readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { APPLY_LOCK } from "@rigshift/scheduler/epoch";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sleep } from "../lib/services";
import { line, planHistory, storedExactlyOnce, tally, until, watchGenerations, wentBack } from "./faults/counts";
import { journaledSamples, startFleet, type TFleet } from "./faults/fleet";
import { EPOCH_SECONDS, startFaultStack, type TFaultStack } from "./faults/stack";

let stack: TFaultStack;
const fleets: TFleet[] = [];
/** What the dashboard's overview API answered while Postgres was away (the first test). */
let dashboardDuringOutage: { status: number; body: Record<string, unknown> | null } = { status: 0, body: null };
beforeAll(async () => {
  stack = await startFaultStack({ webInstances: 2 });
}, 120_000);
afterAll(async () => {
  for (const f of fleets) await Promise.all(f.rigs.map((r) => r.agent.stop()));
  for (const f of fleets) for (const r of f.rigs) rmSync(r.stateDir, { recursive: true, force: true });
  await stack?.stop();
}, 60_000);

const fleet = async (name: string, urls: string[], size: number, clockSkewMs?: (i: number) => number) => {
  const f = await startFleet({ db: stack.db, siteId: stack.siteId, name, urls, size, clockSkewMs });
  fleets.push(f);
  return f;
};
const finishedRuns = async (since: Date) =>
  Number((await stack.db.pool.query(`SELECT count(*) FROM "SchedulerRun" WHERE "finishedAt" IS NOT NULL AND "startedAt" > $1`, [since])).rows[0].count);
const getJson = async (url: string, cookie?: string) => {
  const res = await fetch(url, { headers: cookie ? { cookie } : {}, signal: AbortSignal.timeout(5_000) });
  return { status: res.status, body: (await res.json().catch(() => null)) as Record<string, unknown> | null };
};

describe("faults", () => {
  it("Postgres SIGKILLed during ingest: the agent API and the health check answer 503, agents buffer, and every sample is stored exactly once", async () => {
    const [web] = stack.webs;
    const cookie = await stack.signIn(web!);
    const f = await fleet("pg", [web!.url], 5);
    await f.acked(2);

    await stack.pg.kill();
    const killedAt = Date.now();
    // While it is away: the dashboard's API and the health check say so, with a status a client can act on.
    await sleep(1_500);
    const health = await getJson(`${web!.url}/api/v1/health`);
    dashboardDuringOutage = await getJson(`${web!.url}/api/v1/overview`, cookie);
    await sleep(2_500);
    const failuresDuringOutage = f.failures();
    await stack.pg.start();
    const downMs = Date.now() - killedAt;
    await f.acked(2);
    await f.drain();

    const t = await tally(stack.db, f);
    console.log(
      line(
        `postgres killed for ${(downMs / 1000).toFixed(1)} s`,
        t,
        `agent API answers meanwhile: ${JSON.stringify(failuresDuringOutage)}; health ${health.status}, overview ${dashboardDuringOutage.status}`,
      ),
    );
    expect(health.status).toBe(503);
    expect(health.body).toMatchObject({ status: "degraded", database: { ok: false }, redis: { ok: true } });
    expect(health.body?.message).toMatch(/database.*unreachable/);
    expect(failuresDuringOutage["503"]).toBeGreaterThan(0);
    expect(Object.keys(failuresDuringOutage).filter((s) => s !== "503")).toEqual([]);
    expect(t.rigsOff).toEqual([]);
    expect(storedExactlyOnce(t)).toBe(true);
    expect((await getJson(`${web!.url}/api/v1/health`)).status).toBe(200);
  }, 60_000);

  it("Postgres away: the dashboard's own API answers 503 with a message naming the database, not 500", () => {
    expect(dashboardDuringOutage.status).toBe(503);
    expect(dashboardDuringOutage.body).toMatchObject({ error: { code: "UNAVAILABLE", message: expect.stringMatching(/database/) } });
  });

  it("Redis SIGKILLed during scheduling: the worker decides epochs again once Redis is back; no epoch decided twice, no job on two rigs, generations step by one", async () => {
    const [web] = stack.webs;
    const f = await fleet("redis", [web!.url], 5);
    await f.acked(1);
    const started = new Date();
    const worker = stack.startWorker("redis-w1");
    const generations = watchGenerations(stack.db, f.rigIds());
    let health: Awaited<ReturnType<typeof getJson>>;
    let back: Date;
    try {
      await until("two epochs decided", async () => (await finishedRuns(started)) >= 2, 30_000);
      await stack.redis.kill();
      await sleep(1_000);
      health = await getJson(`${web!.url}/api/v1/health`);
      // Longer than an epoch: at least one epoch boundary passes while Redis is away.
      await sleep((EPOCH_SECONDS + 1) * 1000);
      await stack.redis.start();
      back = new Date();
      await until("two epochs decided after Redis came back", async () => (await finishedRuns(back)) >= 2, 30_000);
    } finally {
      await worker.stop();
    }
    const seen = await generations.stop();
    await f.drain();

    const t = await tally(stack.db, f);
    const plan = await planHistory(stack.db, f.rigIds());
    const before = plan.runs.filter((r) => r.startedAt < back && r.finishedAt).length;
    const after = plan.runs.filter((r) => r.startedAt >= back && r.finishedAt).length;
    console.log(
      line(
        "redis killed",
        t,
        `epochs decided ${before} before, ${after} after; repeated decisions ${plan.repeatedDecisions}, job overlaps ${plan.jobOverlaps}, generations ${JSON.stringify([...seen.values()])}`,
      ),
    );
    expect(health.status).toBe(503);
    expect(health.body).toMatchObject({ database: { ok: true }, redis: { ok: false } });
    expect(after).toBeGreaterThanOrEqual(2);
    expect(plan.repeatedDecisions).toBe(0);
    expect(plan.jobOverlaps).toBe(0);
    expect(plan.gpuOverlaps).toBe(0);
    expect(plan.generationDrift).toEqual([]);
    expect(wentBack(seen)).toEqual([]);
    // Each agent ends on its rig's latest generation: none was skipped or left unapplied.
    const latest = await stack.db.prisma.desiredState.findMany({ where: { rigId: { in: f.rigIds() } }, select: { rigId: true, generation: true } });
    for (const r of f.rigs) expect(r.agent.reportedState().appliedGeneration).toBe(latest.find((l) => l.rigId === r.agent.rigId)?.generation);
    expect(storedExactlyOnce(t)).toBe(true);
  }, 90_000);

  it("a web instance SIGKILLed mid-request and a worker SIGKILLed mid-epoch: no acknowledged sample lost, none stored twice, the epoch decided by nobody else, the next ones by the other worker", async () => {
    const f = await fleet(
      "kill",
      stack.webs.map((w) => w.url),
      6,
    );
    await f.acked(2);
    const started = new Date();
    const workers = new Map([
      ["kill-w1", stack.startWorker("kill-w1")],
      ["kill-w2", stack.startWorker("kill-w2")],
    ]);
    const locker = new pg.Client({ connectionString: stack.env.DATABASE_URL });
    let killed: { id: number; workerId: string };
    try {
      await until("an epoch decided", async () => (await finishedRuns(started)) >= 1, 20_000);
      await locker.connect();
      const waiting = async (event: string) =>
        Number((await locker.query(`SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND wait_event = $1`, [event])).rows[0].count);

      // Mid-request: every telemetry flush waits inside its transaction on a lock we hold; web 2 dies there.
      await locker.query(`BEGIN; LOCK TABLE "RigSample" IN EXCLUSIVE MODE`);
      await until("flushes to wait on the lock", async () => (await waiting("relation")) >= 2, 10_000);
      await sleep(1_200);
      await stack.killWeb(1);
      await locker.query("COMMIT");
      await sleep(1_500);
      await stack.restartWeb(1);

      // Mid-epoch: the next epoch's worker waits to write its plan on the lock we hold; it dies there.
      await locker.query("SELECT pg_advisory_lock($1)", [APPLY_LOCK]);
      await until("a worker to wait to write its plan", async () => (await waiting("advisory")) >= 1, (EPOCH_SECONDS + 5) * 1000);
      killed = (await locker.query(`SELECT id, "workerId" FROM "SchedulerRun" WHERE "finishedAt" IS NULL ORDER BY "startedAt" DESC LIMIT 1`)).rows[0];
      await stack.killWorker(workers.get(killed.workerId)!);
      await locker.query("SELECT pg_advisory_unlock($1)", [APPLY_LOCK]);
      const killedAt = new Date();
      await until("two epochs decided by the other worker", async () => (await finishedRuns(killedAt)) >= 2, 30_000);
    } finally {
      await locker.end().catch(() => {});
      for (const w of workers.values()) await w.stop();
    }
    await f.drain();

    const t = await tally(stack.db, f);
    const plan = await planHistory(stack.db, f.rigIds());
    const killedRun = plan.runs.find((r) => r.id === killed.id)!;
    const survivor = [...workers.keys()].find((w) => w !== killed.workerId);
    const later = plan.runs.filter((r) => r.epochStart > killedRun.epochStart);
    const cut = f.rigs.filter((_, i) => i % 2 === 1).reduce((n, r) => n + (r.failures.get("no answer") ?? 0), 0);
    console.log(
      line(
        "web and worker killed",
        t,
        `deliveries cut by the web kill ${cut}; killed epoch ${killedRun.epochStart.toISOString()} decisions ${killedRun.decisions}; later epochs ${later.length}, by ${[...new Set(later.map((r) => r.workerId))]}`,
      ),
    );
    expect(cut).toBeGreaterThan(0);
    expect(storedExactlyOnce(t)).toBe(true);
    expect(killedRun).toMatchObject({ finishedAt: null, decisions: 0 });
    expect(later.filter((r) => r.finishedAt).length).toBeGreaterThanOrEqual(2);
    expect(later.every((r) => r.workerId === survivor)).toBe(true);
    expect(plan.repeatedDecisions).toBe(0);
    expect(plan.jobOverlaps).toBe(0);
    expect(plan.gpuOverlaps).toBe(0);
    expect(plan.generationDrift).toEqual([]);
  }, 120_000);

  it("clock skew: a rig minutes ahead or behind is stored on its own clock; one beyond the tolerance is refused with a clear 422, drops what is refused and keeps going", async () => {
    const [web] = stack.webs;
    const skews = [3 * 60_000, -7 * 60_000, 20 * 60_000];
    const f = await fleet("skew", [web!.url], 3, (i) => skews[i]!);
    const started = Date.now();
    const [ahead, behind, far] = f.rigs;
    await until("deliveries and refusals", () => ahead!.agent.stats.batchesAcked >= 3 && behind!.agent.stats.batchesAcked >= 3 && (far!.failures.get("422") ?? 0) >= 3, 20_000);
    // What the far rig is told, as the agent API says it.
    const identity = JSON.parse(readFileSync(path.join(far!.stateDir, "identity.json"), "utf8")) as { rigToken: string };
    const at = new Date(Date.now() + skews[2]!).toISOString();
    const refused = await fetch(`${web!.url}/api/agent/v1/telemetry`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${identity.rigToken}` },
      body: JSON.stringify({ batchId: crypto.randomUUID(), sentAt: at, agentVersion: "test", samples: [{ at, rig: { powerW: 700 }, devices: [] }], events: [] }),
    });
    await f.drain();
    const seconds = (Date.now() - started) / 1000;

    const t = await tally(stack.db, f);
    const span = await stack.db.pool.query<{ rigId: number; last: Date }>(`SELECT "rigId", max(at) AS last FROM "RigSample" WHERE "rigId" = ANY($1) GROUP BY 1`, [f.rigIds()]);
    const lastAt = (rigId: number) => span.rows.find((r) => r.rigId === rigId)?.last.getTime() ?? null;
    console.log(
      line("clock skew +3 min, -7 min, +20 min", t, `far rig: ${far!.agent.stats.samplesTaken} taken, ${far!.failures.get("422") ?? 0} refusals in ${seconds.toFixed(0)} s`),
    );
    expect(refused.status).toBe(422);
    expect(await refused.json()).toMatchObject({
      error: { code: "INVALID", issues: [{ path: "samples.0.at", message: expect.stringMatching(/ahead of the server clock.*NTP/) }] },
    });
    // The rigs within the tolerance: every sample stored once, stamped with the rig's clock.
    expect(t.rigsOff.map((r) => r.rigId)).toEqual([far!.agent.rigId]);
    expect(t.stored).toBe(ahead!.agent.stats.samplesTaken + behind!.agent.stats.samplesTaken);
    expect(t.duplicates).toBe(0);
    expect(lastAt(ahead!.agent.rigId!)).toBeGreaterThan(Date.now() + 2 * 60_000);
    expect(lastAt(behind!.agent.rigId!)).toBeLessThan(Date.now() - 6 * 60_000);
    // The far rig: nothing stored; each refused batch dropped, never sent again (the journal holds no
    // samples, and there are no more refusals than samples); one request per report, not a retry loop.
    expect(lastAt(far!.agent.rigId!)).toBeNull();
    expect(journaledSamples(far!.stateDir)).toBe(0);
    expect(far!.agent.stats.deliveryFailures).toBeLessThanOrEqual(far!.agent.stats.samplesTaken);
    expect(far!.agent.stats.deliveryFailures).toBeLessThanOrEqual(Math.ceil(seconds) + 2);
    expect(Object.keys(Object.fromEntries(far!.failures))).toEqual(["422"]);
  }, 60_000);

  // Skipped until the telemetry route calls noteClockSkew (packages/db/src/telemetry/clock-skew.ts)
  // before checkBatch: then every skewed rig of the test above has a clock.skew event.
  it("clock skew: the server flags each rig beyond the tolerance with a clock.skew event, critical for the refused one", async () => {
    const skewed = fleets.at(-1)!.rigIds();
    const events = await stack.db.pool.query<{ rigId: number; severity: string }>(
      `SELECT DISTINCT "rigId", severity FROM "AgentEvent" WHERE type = 'clock.skew' AND "rigId" = ANY($1) ORDER BY "rigId"`,
      [skewed],
    );
    // Rig ids follow the order the agents enrolled in, not their index in the fleet.
    const expected = skewed.map((rigId, i) => ({ rigId, severity: i === 2 ? "CRITICAL" : "WARNING" })).sort((a, b) => a.rigId - b.rigId);
    expect(events.rows).toEqual(expected);
  });
});
