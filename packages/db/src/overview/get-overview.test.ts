import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { seedSite, testDatabase, truncateAll } from "../testing";
import { seedRig, seedRun } from "../testkit/seed-farm";
import { getOverview } from "./get-overview";

const db = testDatabase(process.env.DATABASE_URL);
afterAll(() => db.close());
beforeEach(() => truncateAll(db));
const thresholds = { staleAfterSeconds: 45, offlineAfterSeconds: 300 };

describe("getOverview", () => {
  it("counts rigs by mode per site and farm-wide, with power of reporting rigs only", async () => {
    const now = new Date();
    const a = await seedSite(db, { code: "A", powerCapKw: 100 });
    const b = await seedSite(db, { code: "B", powerCapKw: 50 });
    await seedRig(db, { siteId: a.id, hostname: "a1", mode: "MINE", powerW: 3000 }, now);
    await seedRig(db, { siteId: a.id, hostname: "a2", mode: "AI", powerW: 2500 }, now);
    await seedRig(db, { siteId: a.id, hostname: "a3", mode: "IDLE", powerW: 200, lastSeenAgoSeconds: 100 }, now); // stale: still counts
    await seedRig(db, { siteId: a.id, hostname: "a4", mode: "MINE", powerW: 3000, lastSeenAgoSeconds: 900 }, now); // offline
    await seedRig(db, { siteId: b.id, hostname: "b1", mode: "MINE", powerW: 1000, lifecycle: "MAINTENANCE" }, now);
    await seedRig(db, { siteId: b.id, hostname: "b2", mode: null, lastSeenAgoSeconds: null }, now); // never reported

    const o = await getOverview({ db, now, thresholds });
    const [sa, sb] = o.sites;
    expect(sa).toMatchObject({ code: "A", rigTotal: 4, rigs: { mining: 1, ai: 1, idle: 1, maintenance: 0, offline: 1 }, capKw: 100 });
    expect(sa!.powerNowKw).toBeCloseTo(5.7);
    expect(sb).toMatchObject({ code: "B", rigTotal: 2, rigs: { mining: 0, maintenance: 1, offline: 1 } });
    expect(sb!.powerNowKw).toBeCloseTo(1);
    expect(o.farm).toMatchObject({ rigTotal: 6, rigs: { mining: 1, ai: 1, idle: 1, maintenance: 1, offline: 2 }, capKw: 150 });
    expect(o.run).toBeNull();
    expect(o.farm.economics).toBeNull();
  });

  it("takes economics from the newest finished run only, and lowers the cap by an active window", async () => {
    const now = new Date();
    const a = await seedSite(db, { code: "A", powerCapKw: 100 });
    const r1 = await seedRig(db, { siteId: a.id, hostname: "a1" }, now);
    const r2 = await seedRig(db, { siteId: a.id, hostname: "a2" }, now);
    await seedRun(db, { epochStart: new Date(now.getTime() - 120_000), decisions: [{ rigId: r1.id, mode: "MINE", profit: 99_000_000n }] });
    await seedRun(db, {
      epochStart: new Date(now.getTime() - 60_000),
      decisions: [
        { rigId: r1.id, mode: "MINE", profit: 1_500_000n, revenue: 2_000_000n, energy: 500_000n },
        { rigId: r2.id, mode: "AI", profit: 2_250_000n, revenue: 3_000_000n, energy: 750_000n },
      ],
    });
    await db.prisma.powerCapWindow.create({
      data: { siteId: a.id, startsAt: new Date(now.getTime() - 1000), endsAt: new Date(now.getTime() + 3600_000), capKw: 60, reason: "ERCOT 4CP" },
    });
    await db.prisma.powerCapWindow.create({
      data: { siteId: a.id, startsAt: new Date(now.getTime() + 7200_000), endsAt: new Date(now.getTime() + 9000_000), capKw: 10, reason: "later" },
    });

    const o = await getOverview({ db, now, thresholds });
    expect(o.sites[0]!.economics).toEqual({ decisions: 2, profitUsdPerHour: 3.75, revenueUsdPerHour: 5, energyUsdPerHour: 1.25 });
    expect(o.farm.economics?.profitUsdPerHour).toBe(3.75);
    expect(o.sites[0]).toMatchObject({ capKw: 60, powerCapKw: 100, capWindow: { capKw: 60, reason: "ERCOT 4CP" } });
    expect(o.run?.epochStart).toBe(new Date(now.getTime() - 60_000).toISOString());
  });

  it("moves to the next run's economics as soon as it finishes", async () => {
    const now = new Date();
    const a = await seedSite(db, { code: "A", powerCapKw: 100 });
    const r1 = await seedRig(db, { siteId: a.id, hostname: "a1" }, now);
    await seedRun(db, { epochStart: new Date(now.getTime() - 120_000), decisions: [{ rigId: r1.id, mode: "MINE", profit: 1_000_000n }] });
    expect((await getOverview({ db, now, thresholds })).farm.economics?.profitUsdPerHour).toBe(1);
    expect((await getOverview({ db, now, thresholds })).farm.economics?.profitUsdPerHour).toBe(1);
    await seedRun(db, { epochStart: new Date(now.getTime() - 60_000), decisions: [{ rigId: r1.id, mode: "AI", profit: 4_000_000n }] });
    const o = await getOverview({ db, now, thresholds });
    expect(o.farm.economics?.profitUsdPerHour).toBe(4);
    expect(o.run?.epochStart).toBe(new Date(now.getTime() - 60_000).toISOString());
  });

  it("counts open alerts per site, critical apart, and lists the newest", async () => {
    const now = new Date();
    const a = await seedSite(db, { code: "A" });
    const r = await seedRig(db, { siteId: a.id, hostname: "a1" }, now);
    await db.prisma.alert.create({ data: { rigId: r.id, kind: "gpu.overtemp", severity: "CRITICAL", message: "hot" } });
    await db.prisma.alert.create({ data: { siteId: a.id, kind: "site.cap", severity: "WARNING", message: "near cap" } });
    await db.prisma.alert.create({ data: { rigId: r.id, kind: "rig.offline", severity: "WARNING", message: "gone", resolvedAt: now } });
    const o = await getOverview({ db, now, thresholds });
    expect(o.sites[0]!.alerts).toEqual({ open: 2, critical: 1 });
    expect(o.farm.alerts).toEqual({ open: 2, critical: 1 });
    expect(o.recentAlerts.map((x) => x.kind)).toEqual(["gpu.overtemp", "site.cap"]);
    expect(o.recentAlerts[0]).toMatchObject({ hostname: "a1", siteCode: "A" });
  });

  it("lists eight open alerts: critical first, then the newest, each with its rig's site", async () => {
    const now = new Date();
    const a = await seedSite(db, { code: "A" });
    const b = await seedSite(db, { code: "B" });
    const ra = await seedRig(db, { siteId: a.id, hostname: "a1" }, now);
    const rb = await seedRig(db, { siteId: b.id, hostname: "b1" }, now);
    const ago = (minutes: number) => new Date(now.getTime() - minutes * 60_000);
    await db.prisma.alert.create({ data: { rigId: ra.id, kind: "gpu.overtemp", severity: "CRITICAL", message: "hot", openedAt: ago(50) } });
    for (let m = 1; m <= 10; m++) {
      await db.prisma.alert.create({ data: { rigId: m % 2 ? ra.id : rb.id, kind: `warn-${m}`, severity: "WARNING", message: "w", openedAt: ago(m) } });
    }
    await db.prisma.alert.create({ data: { rigId: rb.id, kind: "resolved", severity: "CRITICAL", message: "gone", openedAt: ago(0), resolvedAt: now } });
    const o = await getOverview({ db, now, thresholds });
    expect(o.recentAlerts.map((x) => x.kind)).toEqual(["gpu.overtemp", "warn-1", "warn-2", "warn-3", "warn-4", "warn-5", "warn-6", "warn-7"]);
    expect(o.recentAlerts.map((x) => x.siteCode)).toEqual(["A", "A", "B", "A", "B", "A", "B", "A"]);
    expect(o.farm.alerts).toEqual({ open: 11, critical: 1 });
    expect(o.sites.map((s) => s.alerts)).toEqual([
      { open: 6, critical: 1 },
      { open: 5, critical: 0 },
    ]);
  });
});
