/** The site rollup (SitePower) against a real Postgres: it equals the rig rollups it sums, bucket by bucket. */
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { seedSite, testDatabase, truncateAll } from "../testing";
import { seedRig } from "../testkit/seed-farm";
import { rollupRecentMinutes, rollupTelemetry } from "./rollups";

const db = testDatabase(process.env.DATABASE_URL);
afterAll(() => db.close());
beforeEach(() => truncateAll(db));

const H = new Date("2026-11-20T06:00:00Z").getTime(); // a 6-hour bucket start
const at = (minutes: number) => new Date(H + minutes * 60_000);

/** Each rig's mean of a rig rollup per bucket, summed per site: what SitePower must hold. */
async function expected(table: "RigMinute" | "RigHour", column: "minute" | "hour", seconds: number) {
  const { rows } = await db.pool.query(
    `SELECT site, bucket, count(*)::int AS rigs, sum(w)::float8 AS "powerW" FROM (
       SELECT r."siteId" AS site, date_bin(make_interval(secs => $1), x.${column}, TIMESTAMPTZ '1970-01-01') AS bucket, avg(x."powerWAvg") AS w
       FROM "${table}" x JOIN "Rig" r ON r.id = x."rigId" GROUP BY 1, 2, x."rigId") y
     GROUP BY 1, 2 ORDER BY 1, 2`,
    [seconds],
  );
  return rows.map((r) => ({ siteId: r.site, at: r.bucket, rigs: r.rigs, powerW: r.powerW }));
}

async function stored(seconds: number) {
  const rows = await db.prisma.sitePower.findMany({ where: { bucketSeconds: seconds }, orderBy: [{ siteId: "asc" }, { at: "asc" }] });
  return rows.map(({ siteId, at, rigs, powerW }) => ({ siteId, at, rigs, powerW }));
}

describe("site rollup", () => {
  it("sums each rig's mean power per site and bucket, equal to the rig rollups, at every chart bucket size", async () => {
    const a = await seedSite(db, { code: "A" });
    const b = await seedSite(db, { code: "B" });
    const rigs = [
      await seedRig(db, { siteId: a.id, hostname: "a1" }, at(0)),
      await seedRig(db, { siteId: a.id, hostname: "a2" }, at(0)),
      await seedRig(db, { siteId: b.id, hostname: "b1" }, at(0)),
    ];
    // Two hours: rigs report at different rates (every 1, 2 and 7 minutes), a1 twice in some minutes.
    const data = rigs.flatMap((rig, k) =>
      Array.from({ length: 120 }, (_, m) => m)
        .filter((m) => m % [1, 2, 7][k]! === 0)
        .flatMap((m) => [
          { rigId: rig.id, at: at(m), powerW: 1000 * (k + 1) + 7 * m },
          ...(k === 0 && m % 3 === 0 ? [{ rigId: rig.id, at: new Date(at(m).getTime() + 30_000), powerW: 500 + m }] : []),
        ]),
    );
    await db.prisma.rigSample.createMany({ data });
    // Rolled up in windows that cut buckets, as the worker's do: every bucket still sums whole.
    for (const [from, to] of [
      [0, 25],
      [25, 67],
      [67, 120],
    ] as const)
      await rollupTelemetry({ db, from: at(from), to: at(to) });

    for (const seconds of [60, 180, 600]) {
      const want = await expected("RigMinute", "minute", seconds);
      expect(want.length).toBeGreaterThan(0);
      expect(await stored(seconds)).toEqual(want.map((w) => ({ ...w, powerW: expect.closeTo(w.powerW, 6) })));
    }
    for (const seconds of [3600, 21600]) {
      const want = await expected("RigHour", "hour", seconds);
      expect(await stored(seconds)).toEqual(want.map((w) => ({ ...w, powerW: expect.closeTo(w.powerW, 6) })));
    }
    // Site A's first 10 minutes by hand: a1 reports every minute (1000 + 7m W, and 500 + m W at m = 0, 3, 6, 9).
    const a1 = Array.from({ length: 10 }, (_, m) => (m % 3 === 0 ? (1000 + 7 * m + 500 + m) / 2 : 1000 + 7 * m));
    const a2 = [0, 2, 4, 6, 8].map((m) => 2000 + 7 * m);
    const first = await db.prisma.sitePower.findUniqueOrThrow({ where: { bucketSeconds_at_siteId: { bucketSeconds: 600, at: at(0), siteId: a.id } } });
    expect(first.rigs).toBe(2);
    expect(first.powerW).toBeCloseTo(a1.reduce((x, y) => x + y) / 10 + a2.reduce((x, y) => x + y) / 5, 6);
  });

  it("follows late telemetry when its window is rolled up again", async () => {
    const a = await seedSite(db, { code: "A" });
    const rig = await seedRig(db, { siteId: a.id, hostname: "a1" }, at(0));
    await db.prisma.rigSample.createMany({ data: [{ rigId: rig.id, at: at(1), powerW: 1000 }] });
    await rollupTelemetry({ db, from: at(0), to: at(60) });
    await db.prisma.rigSample.createMany({ data: [{ rigId: rig.id, at: at(2), powerW: 3000 }] });
    await rollupTelemetry({ db, from: at(0), to: at(60) });
    const hour = await db.prisma.sitePower.findUniqueOrThrow({ where: { bucketSeconds_at_siteId: { bucketSeconds: 3600, at: at(0), siteId: a.id } } });
    expect(hour).toMatchObject({ rigs: 1, powerW: 2000 });
  });

  it("keeps the short charts' buckets current from the last minutes alone, and leaves the hour rollups to the full run", async () => {
    const a = await seedSite(db, { code: "A" });
    const r1 = await seedRig(db, { siteId: a.id, hostname: "a1" }, at(0));
    const r2 = await seedRig(db, { siteId: a.id, hostname: "a2" }, at(0));
    await db.prisma.rigSample.createMany({
      data: [
        { rigId: r1.id, at: at(10), powerW: 1000 },
        { rigId: r1.id, at: new Date(at(10).getTime() + 30_000), powerW: 2000 },
        { rigId: r2.id, at: at(10), powerW: 500 },
        { rigId: r2.id, at: at(11), powerW: 700 },
      ],
    });
    await rollupRecentMinutes({ db, from: at(9), to: at(12) });
    const minute = await stored(60);
    expect(minute).toEqual([
      { siteId: a.id, at: at(10), rigs: 2, powerW: 2000 },
      { siteId: a.id, at: at(11), rigs: 1, powerW: 700 },
    ]);
    // The 6 h chart's 3-minute bucket [9, 12): each rig's mean over it, summed.
    expect(await stored(180)).toEqual([{ siteId: a.id, at: at(9), rigs: 2, powerW: 1500 + 600 }]);
    expect(await stored(600)).toEqual([]);
    expect(await db.prisma.rigHour.count()).toBe(0);
    // The full run later agrees with what the recent one wrote.
    await rollupTelemetry({ db, from: at(0), to: at(60) });
    expect(await stored(60)).toEqual(minute);
  });
});
