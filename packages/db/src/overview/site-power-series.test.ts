import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { rollupTelemetry } from "../telemetry/rollups";
import { seedSite, testDatabase, truncateAll } from "../testing";
import { seedRig } from "../testkit/seed-farm";
import { sitePowerSeries } from "./site-power-series";

const db = testDatabase(process.env.DATABASE_URL);
afterAll(() => db.close());
beforeEach(() => truncateAll(db));

describe("sitePowerSeries", () => {
  it("averages each rig per bucket, sums rigs per site, and draws the cap in force", async () => {
    const now = new Date("2026-11-20T12:05:00Z");
    const a = await seedSite(db, { code: "A", powerCapKw: 10 });
    const r1 = await seedRig(db, { siteId: a.id, hostname: "a1" }, now);
    const r2 = await seedRig(db, { siteId: a.id, hostname: "a2" }, now);
    const at = (iso: string) => new Date(iso);
    // Bucket 11:00-11:10 (24h range: 10-minute buckets): r1 reports twice (1 kW, 3 kW: mean 2 kW), r2 once (4 kW).
    await db.prisma.rigSample.createMany({
      data: [
        { rigId: r1.id, at: at("2026-11-20T11:01:00Z"), powerW: 1000 },
        { rigId: r1.id, at: at("2026-11-20T11:02:00Z"), powerW: 3000 },
        { rigId: r2.id, at: at("2026-11-20T11:03:00Z"), powerW: 4000 },
        { rigId: r2.id, at: at("2026-11-18T11:03:00Z"), powerW: 9000 }, // outside the range
      ],
    });
    await db.prisma.powerCapWindow.create({ data: { siteId: a.id, startsAt: at("2026-11-20T11:00:00Z"), endsAt: at("2026-11-20T11:20:00Z"), capKw: 5, reason: "DR" } });

    // Every range reads the site rollup: nothing shows before the worker rolls the samples up.
    expect((await sitePowerSeries({ db, range: "6h", now })).sites[0]!.points.every((p) => p.powerKw === null)).toBe(true);
    await rollupTelemetry({ db, from: at("2026-11-18T00:00:00Z"), to: now });
    // 6 h in 3-minute buckets, 24 h in 10-minute buckets.
    const six = await sitePowerSeries({ db, range: "6h", now });
    const sixAt = (iso: string) => six.sites[0]!.points.find((p) => p.t === at(iso).getTime())?.powerKw;
    expect([sixAt("2026-11-20T11:00:00Z"), sixAt("2026-11-20T11:03:00Z")]).toEqual([2, 4]);
    const s = await sitePowerSeries({ db, range: "24h", now });
    expect(s.bucketSeconds).toBe(600);
    const site = s.sites[0]!;
    expect(site.points).toHaveLength(144);
    const bucket = site.points.find((p) => p.t === at("2026-11-20T11:00:00Z").getTime());
    expect(bucket).toEqual({ t: at("2026-11-20T11:00:00Z").getTime(), powerKw: 6, capKw: 5 });
    const later = site.points.find((p) => p.t === at("2026-11-20T11:30:00Z").getTime());
    expect(later).toEqual({ t: at("2026-11-20T11:30:00Z").getTime(), powerKw: null, capKw: 10 });
    expect(site.points.filter((p) => p.powerKw !== null)).toHaveLength(1);
  });
});
