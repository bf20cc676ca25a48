/** The alert kinds beyond offline/overtemp/events: hashrate, utilisation, failed jobs, power cap, price spikes. */
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { seedSite, testDatabase, truncateAll } from "../testing";
import { seedRig } from "../testkit/seed-farm";
import { refreshAlerts } from "./refresh-alerts";
import { resolveAlert } from "./resolve-alert";

const db = testDatabase(process.env.DATABASE_URL);
afterAll(() => db.close());
beforeEach(() => truncateAll(db));
const thresholds = { offlineAfterSeconds: 300 };
const MIN = 60_000;
const open = (kind: string) => db.prisma.alert.findMany({ where: { kind, resolvedAt: null }, orderBy: { id: "asc" } });
/** The rig's desired state last changed this long ago (a switch of work resets the settling time). */
const settled = (rigId: number, now: Date, agoMs = 30 * MIN) =>
  db.pool.query(`UPDATE "DesiredState" SET "updatedAt" = $2 WHERE "rigId" = $1`, [rigId, new Date(now.getTime() - agoMs)]);

describe("hashrate and utilisation", () => {
  it("alerts a settled mining rig below 70% of its profile's rate for its GPUs, not one that just switched", async () => {
    const now = new Date();
    const site = await seedSite(db);
    const profile = await db.prisma.miningProfile.create({ data: { key: "rvn-kawpow", name: "RVN", coin: "RVN", algorithm: "kawpow", poolUrl: "stratum+tcp://x:1" } });
    // The catalogue names the model differently from the rig: matched on the canonical key.
    await db.prisma.miningProfileRate.create({ data: { profileId: profile.id, hardwareModel: "NVIDIA GeForce RTX 3090", hashrateHs: 30e6, powerW: 300 } });
    const fine = await seedRig(db, { siteId: site.id, hostname: "fine" }, now); // 240 MH/s on 4 GPUs: above 120
    const slow = await seedRig(db, { siteId: site.id, hostname: "slow" }, now);
    const fresh = await seedRig(db, { siteId: site.id, hostname: "fresh" }, now);
    for (const r of [fine, slow]) await settled(r.id, now);
    await db.prisma.rigState.updateMany({ where: { rigId: { in: [slow.id, fresh.id] } }, data: { hashrateHs: 50e6 } });

    await refreshAlerts({ db, now, thresholds });
    const alerts = await open("rig.hashrate_drop");
    expect(alerts.map((a) => a.rigId)).toEqual([slow.id]);
    expect(alerts[0]!.message).toBe("hashrate 50.0 MH/s, 42% of the 120.0 MH/s that profile rvn-kawpow expects");

    await db.prisma.rigState.update({ where: { rigId: slow.id }, data: { hashrateHs: 110e6 } });
    expect(await refreshAlerts({ db, now, thresholds })).toMatchObject({ opened: 0, resolved: 1 });
  });

  it("alerts an AI rig whose GPUs went quiet under a job placed a while ago", async () => {
    const now = new Date();
    const site = await seedSite(db);
    const stuck = await seedRig(db, { siteId: site.id, hostname: "stuck", mode: "AI" }, now);
    const warming = await seedRig(db, { siteId: site.id, hostname: "warming", mode: "AI" }, now);
    await db.prisma.rigState.updateMany({ data: { avgUtilPct: 4 } });
    for (const [rig, agoMs] of [
      [stuck, 30 * MIN],
      [warming, MIN],
    ] as const) {
      const job = await db.prisma.aiJob.create({
        data: {
          name: `job-${rig.id}`,
          customer: "acme",
          gpuCount: 2,
          minVramGbPerGpu: 20,
          priceMicroUsdPerGpuHour: 1n,
          durationSeconds: 3600,
          runtimeProfile: "pytorch",
          status: "PLACED",
        },
      });
      await db.prisma.placement.create({ data: { jobId: job.id, rigId: rig.id, gpuIndices: [0, 1], activeJobId: job.id, startedAt: new Date(now.getTime() - agoMs) } });
    }
    await refreshAlerts({ db, now, thresholds });
    const alerts = await open("rig.util_drop");
    expect(alerts.map((a) => a.rigId)).toEqual([stuck.id]);
    expect(alerts[0]!.message).toMatch(/^GPU utilisation 4% while running job #\d+ \(alert below 20%\)$/);
  });
});

describe("failed jobs", () => {
  it("opens one alert per failed job, on the rig it last ran on, and never again once resolved", async () => {
    const now = new Date();
    const site = await seedSite(db);
    const rig = await seedRig(db, { siteId: site.id, hostname: "gpu-1", mode: "AI" }, now);
    const job = (name: string, finishedAgoMs: number) =>
      db.prisma.aiJob.create({
        data: {
          name,
          customer: "acme",
          gpuCount: 1,
          minVramGbPerGpu: 8,
          priceMicroUsdPerGpuHour: 1n,
          durationSeconds: 60,
          runtimeProfile: "pytorch",
          status: "FAILED",
          finishedAt: new Date(now.getTime() - finishedAgoMs),
        },
      });
    const failed = await job("train-7", 10 * MIN);
    await db.prisma.placement.create({ data: { jobId: failed.id, rigId: rig.id, gpuIndices: [0], endedAt: now, endReason: "failed" } });
    await job("ancient", 3 * 24 * 60 * MIN);
    await refreshAlerts({ db, now, thresholds });
    const [alert, ...more] = await open("job.failed");
    expect(more).toEqual([]);
    expect(alert).toMatchObject({ jobId: failed.id, rigId: rig.id, siteId: site.id, message: `AI job #${failed.id} "train-7" for acme failed` });

    await resolveAlert({ db, actor: { userId: null, label: "op" }, alertId: alert!.id, now });
    expect(await refreshAlerts({ db, now, thresholds })).toMatchObject({ opened: 0 });
    expect(await db.prisma.alert.count({ where: { kind: "job.failed" } })).toBe(1);
  });
});

describe("site power cap", () => {
  it("alerts a site whose rigs x PUE draw more than the lowest cap in effect, naming the window that set it", async () => {
    const now = new Date();
    const site = await seedSite(db, { code: "CAP", powerCapKw: 20, pue: 1.1 });
    for (const h of ["a", "b", "c", "d"]) await seedRig(db, { siteId: site.id, hostname: h, powerW: 2000 }, now); // 8.8 kW facility
    await seedRig(db, { siteId: site.id, hostname: "gone", powerW: 9000, lastSeenAgoSeconds: 3600 }, now); // offline: not counted
    expect(await refreshAlerts({ db, now, thresholds })).toMatchObject({ opened: 1 }); // "gone" is offline
    expect(await open("site.over_cap")).toEqual([]);

    const window = await db.prisma.powerCapWindow.create({
      data: { siteId: site.id, startsAt: new Date(now.getTime() - MIN), endsAt: new Date(now.getTime() + 10 * MIN), capKw: 8, reason: "ERCOT demand response" },
    });
    await refreshAlerts({ db, now, thresholds });
    const [alert] = await open("site.over_cap");
    expect(alert).toMatchObject({ siteId: site.id, rigId: null, severity: "CRITICAL" });
    expect(alert!.message).toBe("drawing 8.8 kW (8.0 kW of rigs x PUE 1.10), above the 8.0 kW cap in effect (ERCOT demand response)");

    const after = new Date(window.endsAt.getTime() + 1000);
    await db.prisma.rig.updateMany({ where: { hostname: { not: "gone" } }, data: { lastSeenAt: after } });
    expect(await refreshAlerts({ db, now: after, thresholds })).toMatchObject({ opened: 0, resolved: 1 });
  });
});

describe("price spikes", () => {
  async function series(zone: string, values: { agoMin: number; usdPerMwh: number }[]) {
    const feed = await db.prisma.priceFeed.upsert({ where: { name: "test" }, create: { name: "test", kind: "MANUAL" }, update: {} });
    const s = await db.prisma.priceSeries.create({ data: { key: `electricity:${zone}:rtm`, kind: "ELECTRICITY", unit: "USD/MWh", zone, feedId: feed.id } });
    const now = Date.now();
    await db.prisma.pricePoint.createMany({
      data: values.map((v) => ({ seriesId: s.id, at: new Date(now - v.agoMin * MIN), intervalSeconds: 900, valueMicroUsd: BigInt(Math.round(v.usdPerMwh * 1e6)) })),
    });
  }
  /** A day of 15-minute prices at `base`, then `latest` for the current interval. */
  const day = (base: number, latest: number) => [...Array.from({ length: 95 }, (_, i) => ({ agoMin: 20 + i * 15, usdPerMwh: base })), { agoMin: 5, usdPerMwh: latest }];

  it("alerts a site whose current price is at least 3x its 24 h median and at least $100/MWh", async () => {
    const now = new Date();
    const spiking = await seedSite(db, { code: "SPIKE" });
    const cheap = await seedSite(db, { code: "CHEAP" });
    const calm = await seedSite(db, { code: "CALM" });
    await db.prisma.site.update({ where: { id: spiking.id }, data: { marketZone: "Z:SPIKE" } });
    await db.prisma.site.update({ where: { id: cheap.id }, data: { marketZone: "Z:CHEAP" } });
    await db.prisma.site.update({ where: { id: calm.id }, data: { marketZone: "Z:CALM" } });
    await series("Z:SPIKE", day(40, 250));
    await series("Z:CHEAP", day(20, 90)); // 4.5x but under $100
    await series("Z:CALM", day(120, 200)); // over $100 but under 3x
    await refreshAlerts({ db, now, thresholds });
    const alerts = await open("price.spike");
    expect(alerts.map((a) => [a.siteId, a.message])).toEqual([[spiking.id, "electricity at $250.00/MWh, 6.3x the 24 h median of $40.00/MWh"]]);

    // Thresholds are settings: a lower floor lets the cheap zone's spike through.
    await refreshAlerts({ db, now, thresholds: { ...thresholds, priceSpikeMinUsdPerMwh: 80 } });
    expect((await open("price.spike")).map((a) => a.siteId)).toEqual([spiking.id, cheap.id]);
  });
});
