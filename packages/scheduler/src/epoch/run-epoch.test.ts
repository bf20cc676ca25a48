/** The epoch against a real Postgres: fleet in, decisions/placements/desired states out, once per epoch. */
import { randomUUID } from "node:crypto";
import { ingestTelemetry } from "@rigshift/db";
import { seedEnrolledRig, seedSite, testDatabase, truncateAll } from "@rigshift/db/testing";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { storePriceSeries } from "../feeds/store";
import { runEpoch } from "./run-epoch";

const db = testDatabase(process.env.DATABASE_URL);
afterAll(() => db.close());
beforeEach(() => truncateAll(db));

// The next minute: the epochs decided here are "now" for rigs enrolled a moment ago.
const EPOCH = new Date(Math.ceil(Date.now() / 60_000) * 60_000);

async function seedMarket(usdPerMwh: number) {
  await storePriceSeries({
    db,
    feedName: "test",
    feedKind: "MANUAL",
    series: [
      {
        key: "electricity:ERCOT:HB_SOUTH:rtm",
        kind: "ELECTRICITY",
        unit: "USD/MWh",
        zone: "ERCOT:HB_SOUTH",
        intervalSeconds: 900,
        points: [{ atMs: EPOCH.getTime() - 900_000, value: usdPerMwh }],
      },
    ],
  });
}

async function report(rigId: number, gpus: number, reading: (index: number) => { tempC: number; eccUncorrected?: number } = () => ({ tempC: 40 })) {
  await ingestTelemetry({
    db,
    rigId,
    now: EPOCH,
    batch: {
      batchId: randomUUID(),
      sentAt: EPOCH.toISOString(),
      agentVersion: "test",
      samples: [
        {
          at: new Date(EPOCH.getTime() - 5000).toISOString(),
          rig: { powerW: 300, inletTempC: 24 },
          devices: Array.from({ length: gpus }, (_, index) => ({ index, kind: "GPU" as const, ...reading(index) })),
        },
      ],
      events: [],
    },
  });
}

async function seedJob(gpuCount: number, usdPerGpuHour: number, preemptible = true) {
  return db.prisma.aiJob.create({
    data: {
      name: `job-${gpuCount}`,
      customer: "test",
      gpuCount,
      minVramGbPerGpu: 16,
      priceMicroUsdPerGpuHour: BigInt(usdPerGpuHour * 1e6),
      durationSeconds: 3600,
      runtimeProfile: "pytorch",
      preemptible,
    },
  });
}

describe("runEpoch", () => {
  it("places a paying job on a fitting rig, and tells that rig through a new desired-state generation", async () => {
    await seedMarket(30);
    const site = await seedSite(db, { code: "TX-9" });
    const a = await seedEnrolledRig(db, { siteId: site.id, gpus: 4 });
    const b = await seedEnrolledRig(db, { siteId: site.id, gpus: 4 });
    await report(a.rigId, 4);
    await report(b.rigId, 4);
    const job = await seedJob(4, 2.0);
    const before = await db.prisma.desiredState.findMany();

    const result = await runEpoch({ db, epochStart: EPOCH, epochSeconds: 60, workerId: "w1", now: EPOCH, offlineAfterSeconds: 300 });
    expect(result.rigsSeen).toBe(2);

    const placements = await db.prisma.placement.findMany({ where: { endedAt: null } });
    expect(placements).toHaveLength(1);
    expect(placements[0]!.jobId).toBe(job.id);
    expect(placements[0]!.gpuIndices).toEqual([0, 1, 2, 3]);
    const desired = await db.prisma.desiredState.findUniqueOrThrow({ where: { rigId: placements[0]!.rigId } });
    const old = before.find((d) => d.rigId === placements[0]!.rigId)!;
    expect(desired).toMatchObject({ mode: "AI", workload: "pytorch", source: "SCHEDULER", generation: old.generation + 1 });
    expect(desired.jobs).toEqual([{ jobId: job.id, gpuIndices: [0, 1, 2, 3] }]);
    expect((await db.prisma.aiJob.findUniqueOrThrow({ where: { id: job.id } })).status).toBe("PLACED");

    const decisions = await db.prisma.decision.findMany({ orderBy: { rigId: "asc" } });
    expect(decisions).toHaveLength(2);
    const ai = decisions.find((d) => d.rigId === placements[0]!.rigId)!;
    expect(ai.jobIds).toEqual([job.id]);
    // 4 GPUs x $2/h, less the 300 s start-up spread over the site's 900 s minimum dwell.
    expect(Number(ai.revenueMicroUsdPerHour)).toBe(Math.round(8_000_000 * (1 - 300 / 900)));
    expect(ai.reason.length).toBeGreaterThan(10);
    // The alternatives the operator reads: the chosen one (not rejected, worth the decision's profit) first, money as micro-USD strings.
    const alternatives = ai.alternatives as { mode: string; workload: string | null; jobId: number | null; microUsdPerHour: string; rejected: string | null }[];
    expect(alternatives[0]).toEqual({ mode: "AI", workload: "pytorch", jobId: job.id, microUsdPerHour: String(ai.expectedMicroUsdPerHour), rejected: null });
    expect(alternatives.slice(1).every((a) => typeof a.rejected === "string" && /^-?\d+$/.test(a.microUsdPerHour))).toBe(true);
    expect(alternatives.length).toBeGreaterThan(1);
  });

  it("keeps AI jobs off GPUs whose latest reading shows uncorrected ECC errors or a temperature over the limit", async () => {
    await seedMarket(30);
    const site = await seedSite(db);
    const sick = await seedEnrolledRig(db, { siteId: site.id, gpus: 4 });
    const hot = await seedEnrolledRig(db, { siteId: site.id, gpus: 4 });
    const fine = await seedEnrolledRig(db, { siteId: site.id, gpus: 4 });
    await report(sick.rigId, 4, (index) => ({ tempC: 40, eccUncorrected: index === 2 ? 3 : 0 }));
    await report(hot.rigId, 4, (index) => ({ tempC: index === 0 ? 95 : 40 }));
    await report(fine.rigId, 4);
    const job = await seedJob(4, 2.0);

    await runEpoch({ db, epochStart: EPOCH, epochSeconds: 60, workerId: "w1", now: EPOCH, offlineAfterSeconds: 300 });

    const placements = await db.prisma.placement.findMany({ where: { endedAt: null } });
    expect(placements.map((p) => ({ jobId: p.jobId, rigId: p.rigId }))).toEqual([{ jobId: job.id, rigId: fine.rigId }]);
    const reasons = await db.prisma.decision.findMany({ where: { rigId: { in: [sick.rigId, hot.rigId] } }, orderBy: { rigId: "asc" } });
    expect(reasons.map((d) => d.jobIds)).toEqual([[], []]);
  });

  it("decides an epoch once, however many workers ask", async () => {
    await seedMarket(30);
    const site = await seedSite(db);
    await seedEnrolledRig(db, { siteId: site.id });
    const results = await Promise.all(["w1", "w2", "w3"].map((w) => runEpoch({ db, epochStart: EPOCH, epochSeconds: 60, workerId: w, now: EPOCH })));
    expect(results.filter((r) => r.runId !== null)).toHaveLength(1);
    expect(await db.prisma.schedulerRun.count()).toBe(1);
    expect(await db.prisma.decision.count()).toBe(1);
  });

  it("never has one job active on two rigs, with epochs decided concurrently", async () => {
    await seedMarket(30);
    const site = await seedSite(db);
    for (let i = 0; i < 6; i++) {
      const r = await seedEnrolledRig(db, { siteId: site.id, gpus: 2 });
      await report(r.rigId, 2);
    }
    for (let i = 0; i < 4; i++) await seedJob(2, 1 + i / 10);
    await Promise.allSettled([0, 1, 2, 3].map((k) => runEpoch({ db, epochStart: new Date(EPOCH.getTime() + k * 60_000), epochSeconds: 60, workerId: `w${k}`, now: EPOCH })));
    const { rows } = await db.pool.query(`SELECT "jobId", count(*)::int AS n FROM "Placement" WHERE "endedAt" IS NULL GROUP BY 1`);
    expect(rows.length).toBe(4);
    expect(rows.every((r: { n: number }) => r.n === 1)).toBe(true);
    const gpuUse = await db.pool.query(`SELECT "rigId", unnest("gpuIndices") g, count(*)::int n FROM "Placement" WHERE "endedAt" IS NULL GROUP BY 1, 2 HAVING count(*) > 1`);
    expect(gpuUse.rows).toEqual([]);
  });

  it("keeps rigs where it has no electricity price, and says so", async () => {
    const site = await seedSite(db);
    const r = await seedEnrolledRig(db, { siteId: site.id });
    await runEpoch({ db, epochStart: EPOCH, epochSeconds: 60, workerId: "w1", now: EPOCH });
    const d = await db.prisma.decision.findFirstOrThrow({ where: { rigId: r.rigId } });
    expect(d.reasonCode).toBe("NO_PRICE");
    expect(d.reason).toMatch(/no electricity price for ERCOT:HB_SOUTH/);
    expect((await db.prisma.desiredState.findUniqueOrThrow({ where: { rigId: r.rigId } })).generation).toBe(1);
  });

  it("leaves the jobs of a rig it could not decide (no price) where they run", async () => {
    const site = await seedSite(db); // ERCOT zone, but no price stored in this test
    const r = await seedEnrolledRig(db, { siteId: site.id, gpus: 2 });
    const job = await seedJob(2, 2.0);
    await db.prisma.placement.create({ data: { jobId: job.id, rigId: r.rigId, gpuIndices: [0, 1], activeJobId: job.id } });
    await runEpoch({ db, epochStart: EPOCH, epochSeconds: 60, workerId: "w1", now: EPOCH });
    const p = await db.prisma.placement.findFirstOrThrow({ where: { jobId: job.id } });
    expect(p.endedAt).toBeNull();
  });

  it("records a pinned rig's new state as the operator's", async () => {
    await seedMarket(30);
    const site = await seedSite(db);
    const r = await seedEnrolledRig(db, { siteId: site.id, gpus: 2 });
    await report(r.rigId, 2);
    await db.prisma.rig.update({ where: { id: r.rigId }, data: { pinnedMode: "IDLE" } });
    await runEpoch({ db, epochStart: EPOCH, epochSeconds: 60, workerId: "w1", now: EPOCH });
    const d = await db.prisma.desiredState.findUniqueOrThrow({ where: { rigId: r.rigId } });
    expect(d).toMatchObject({ mode: "IDLE", source: "OPERATOR" });
    expect((await db.prisma.decision.findFirstOrThrow({ where: { rigId: r.rigId } })).reasonCode).toBe("PINNED");
  });
});
