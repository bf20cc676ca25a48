import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { seedSite, testDatabase, truncateAll } from "../testing";
import { seedRig, seedRun } from "../testkit/seed-farm";
import { getFleetMetrics } from "./get-fleet-metrics";

const db = testDatabase(process.env.DATABASE_URL);
afterAll(() => db.close());
beforeEach(() => truncateAll(db));
const thresholds = { staleAfterSeconds: 45, offlineAfterSeconds: 300 };

describe("getFleetMetrics", () => {
  it("counts rigs by connectivity per site, open alerts by kind and severity, and the scheduler's last runs", async () => {
    const now = new Date();
    const a = await seedSite(db, { code: "A" });
    const b = await seedSite(db, { code: "B" });
    const a1 = await seedRig(db, { siteId: a.id, hostname: "a1" }, now);
    await seedRig(db, { siteId: a.id, hostname: "a2", lastSeenAgoSeconds: 100 }, now); // stale
    await seedRig(db, { siteId: b.id, hostname: "b1", lastSeenAgoSeconds: 900 }, now); // offline
    await seedRig(db, { siteId: b.id, hostname: "b2", mode: null, lastSeenAgoSeconds: null }, now); // never reported
    await db.prisma.alert.createMany({
      data: [
        { rigId: a1.id, kind: "rig_offline", severity: "CRITICAL", message: "x" },
        { rigId: a1.id, kind: "rig_offline", severity: "CRITICAL", message: "y", acknowledgedAt: now },
        { siteId: a.id, kind: "site_over_cap", severity: "WARNING", message: "z" },
        { siteId: a.id, kind: "site_over_cap", severity: "WARNING", message: "old", resolvedAt: now },
      ],
    });
    await seedRun(db, { epochStart: new Date(now.getTime() - 120_000), decisions: [{ rigId: a1.id, mode: "MINE", profit: 1_000_000n, revenue: 3_000_000n, energy: 2_000_000n }] });
    await db.prisma.schedulerRun.create({ data: { epochStart: new Date(now.getTime() - 60_000), workerId: "w", error: "price feed down" } });

    const m = await getFleetMetrics({ db, now, thresholds });
    const status = (siteId: number, s: string) => m.statuses.find((x) => x.siteId === siteId && x.status === s)?.rigs ?? 0;
    expect([status(a.id, "online"), status(a.id, "stale"), status(a.id, "offline")]).toEqual([1, 1, 0]);
    expect([status(b.id, "online"), status(b.id, "stale"), status(b.id, "offline")]).toEqual([0, 0, 2]);
    expect(m.openAlerts).toEqual(
      expect.arrayContaining([
        { kind: "rig_offline", severity: "CRITICAL", open: 2 },
        { kind: "site_over_cap", severity: "WARNING", open: 1 },
      ]),
    );
    expect(m.openAlerts).toHaveLength(2);
    expect(m.scheduler.lastRun).toEqual({ epochStart: new Date(now.getTime() - 60_000), failed: true });
    expect(m.scheduler.lastFinishedRun).toMatchObject({ epochStart: new Date(now.getTime() - 120_000), rigsSeen: 1, changes: 0 });
    expect(m.scheduler.lastFinishedRun!.finishedAt.getTime() - m.scheduler.lastFinishedRun!.startedAt.getTime()).toBe(1000);
    // Economics are the overview's: the finished run's decisions summed per site.
    expect(m.overview.sites.find((s) => s.id === a.id)?.economics).toMatchObject({ revenueUsdPerHour: 3, energyUsdPerHour: 2 });
  });

  it("reports no runs on a fresh farm", async () => {
    const m = await getFleetMetrics({ db, now: new Date(), thresholds });
    expect(m.scheduler).toEqual({ lastRun: null, lastFinishedRun: null });
    expect(m.statuses).toEqual([]);
    expect(m.openAlerts).toEqual([]);
  });
});
