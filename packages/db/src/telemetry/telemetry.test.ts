/** Partitions and rollups against a real Postgres: retention drops whole days; aggregates equal the raw data. */
import { randomUUID } from "node:crypto";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { ingestTelemetry } from "../agents/ingest";
import { seedEnrolledRig, testDatabase, truncateAll } from "../testing";
import { BATCH_IDS_KEPT_MS, dropExpiredPartitions, ensurePartitions, purgeDeliveredBatchIds } from "./partitions";
import { RIG_MINUTES_KEPT_MS, rollupIncremental, rollupTelemetry } from "./rollups";

const db = testDatabase(process.env.DATABASE_URL);
afterAll(() => db.close());
beforeEach(() => truncateAll(db));

const partitionsOf = async (table: string) =>
  (
    await db.pool.query<{ name: string }>(
      `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent WHERE p.relname = $1 ORDER BY 1`,
      [table],
    )
  ).rows.map((r) => r.name);

async function ingest(rigId: number, times: Date[], now: Date, powerW: (i: number) => number) {
  await ingestTelemetry({
    db,
    rigId,
    now,
    batch: {
      batchId: randomUUID(),
      sentAt: now.toISOString(),
      agentVersion: "t",
      samples: times.map((t, i) => ({
        at: t.toISOString(),
        rig: { powerW: powerW(i) },
        devices: [{ index: 0, kind: "GPU" as const, tempC: 50 + (i % 10), powerW: powerW(i) / 2, utilPct: 90 }],
      })),
      events: [],
    },
  });
}

describe("telemetry partitions", () => {
  it("moves rows that arrived before their day's partition out of DEFAULT, and drops expired days", async () => {
    const rig = await seedEnrolledRig(db);
    const now = new Date();
    const threeDaysAgo = new Date(now.getTime() - 3 * 86_400_000);
    // Rows from three days ago land in DEFAULT (no partition for that day yet).
    await ingest(rig.rigId, [threeDaysAgo], now, () => 100);
    expect(Number((await db.pool.query(`SELECT count(*) FROM "RigSample_default"`)).rows[0].count)).toBe(1);

    const created = await ensurePartitions({ db, now: threeDaysAgo, daysAhead: 4 });
    expect(created.length).toBeGreaterThan(0);
    expect(Number((await db.pool.query(`SELECT count(*) FROM "RigSample_default"`)).rows[0].count)).toBe(0);
    expect(Number((await db.pool.query(`SELECT count(*) FROM "RigSample"`)).rows[0].count)).toBe(1);

    await ingest(rig.rigId, [new Date(now.getTime() - 60_000)], now, () => 200);
    const dropped = await dropExpiredPartitions({ db, now, retentionDays: 2 });
    expect(dropped.some((n) => n.startsWith("RigSample_p"))).toBe(true);
    const { rows } = await db.pool.query(`SELECT "powerW" FROM "RigSample"`);
    expect(rows).toEqual([{ powerW: 200 }]);
    const left = await partitionsOf("RigSample");
    expect(left).toContain("RigSample_default");
    await ensurePartitions({ db, now, daysAhead: 1 }); // idempotent
  });
});

describe("delivered batch ids", () => {
  it("are forgotten once too old to be redelivered, and kept until then", async () => {
    const rig = await seedEnrolledRig(db);
    const now = new Date();
    const at = (ms: number) => new Date(now.getTime() - ms);
    await db.pool.query(`INSERT INTO "TelemetryBatch" ("rigId", "batchId", "receivedAt", "sampleCount") SELECT $1, gen_random_uuid(), t, 1 FROM unnest($2::timestamptz[]) t`, [
      rig.rigId,
      [at(BATCH_IDS_KEPT_MS + 60_000), at(BATCH_IDS_KEPT_MS + 86_400_000), at(BATCH_IDS_KEPT_MS - 60_000), at(1000)],
    ]);
    expect(await purgeDeliveredBatchIds({ db, now })).toBe(2);
    const left = (await db.pool.query(`SELECT "receivedAt" FROM "TelemetryBatch" ORDER BY "receivedAt"`)).rows.map((r) => r.receivedAt.getTime());
    expect(left).toEqual([at(BATCH_IDS_KEPT_MS - 60_000).getTime(), at(1000).getTime()]);
    expect(await purgeDeliveredBatchIds({ db, now })).toBe(0);
  });
});

describe("telemetry rollups", () => {
  it("equal the raw data they summarise, and follow late corrections", async () => {
    const rig = await seedEnrolledRig(db);
    const now = new Date();
    const hour = new Date(Math.floor(now.getTime() / 3600_000) * 3600_000 - 2 * 3600_000);
    const times = Array.from({ length: 12 }, (_, i) => new Date(hour.getTime() + i * 5 * 60_000)); // one sample per 5 min
    await ingest(rig.rigId, times, now, (i) => 1000 + 10 * i);
    await rollupTelemetry({ db, from: hour, to: new Date(hour.getTime() + 3600_000) });

    const raw = (await db.pool.query(`SELECT avg("powerW")::float8 AS avg, max("powerW")::float8 AS max, count(*)::int AS n FROM "RigSample" WHERE "rigId" = $1`, [rig.rigId]))
      .rows[0];
    const h = await db.prisma.rigHour.findUniqueOrThrow({ where: { rigId_hour: { rigId: rig.rigId, hour } } });
    expect(h.samples).toBe(raw.n);
    expect(h.powerWAvg).toBeCloseTo(raw.avg, 6);
    expect(h.powerWMax).toBe(raw.max);
    expect(h.energyWh).toBeCloseTo(1055, 6); // average of 1000..1110 W over one hour
    expect(h.minutesCovered).toBe(12);
    const minutes = await db.prisma.rigMinute.findMany({ where: { rigId: rig.rigId } });
    expect(minutes).toHaveLength(12);
    expect(minutes.reduce((a, m) => a + m.samples, 0)).toBe(12);
    const dev = await db.prisma.deviceHour.findFirstOrThrow({ where: { rigId: rig.rigId } });
    expect(dev.samples).toBe(12);
    expect(dev.tempCMax).toBe(59);

    // A late sample for the same hour: re-running the window corrects the aggregate.
    await ingest(rig.rigId, [new Date(hour.getTime() + 61 * 60_000 - 3600_000 + 30_000)], now, () => 5000);
    await rollupTelemetry({ db, from: hour, to: new Date(hour.getTime() + 3600_000) });
    const again = await db.prisma.rigHour.findUniqueOrThrow({ where: { rigId_hour: { rigId: rig.rigId, hour } } });
    expect(again.samples).toBe(13);
    expect(again.powerWMax).toBe(5000);
  });
});

describe("incremental rollups (the maintenance run)", () => {
  /** The rollup tables' rows, hour-based ones limited to closed hours (before `hoursTo`). */
  async function snapshot(hoursTo: Date) {
    const q = async (sql: string) => (await db.pool.query(sql, [hoursTo])).rows;
    return {
      rigMinutes: await q(`SELECT "rigId", minute, samples, "powerWAvg", "powerWMax" FROM "RigMinute" WHERE $1::timestamptz IS NOT NULL ORDER BY 1, 2`),
      rigHours: await q(`SELECT "rigId", hour, samples, "powerWAvg", "energyWh", "minutesCovered" FROM "RigHour" WHERE hour < $1 ORDER BY 1, 2`),
      deviceHours: await q(`SELECT "deviceId", hour, samples, "tempCMax", "powerWAvg" FROM "DeviceHour" WHERE hour < $1 ORDER BY 1, 2`),
      sitePower: await q(
        `SELECT "siteId", "bucketSeconds", at, rigs, "powerW" FROM "SitePower" WHERE "bucketSeconds" < 3600 OR ("bucketSeconds" = 3600 AND at < $1) ORDER BY 1, 2, 3`,
      ),
    };
  }

  it("run every 5 minutes, equal a full rollup of the same data, an agent's late buffer included, and purge old minutes", async () => {
    const a = await seedEnrolledRig(db);
    const b = await seedEnrolledRig(db);
    const t0 = Math.floor(Date.now() / 3600_000) * 3600_000 - 3 * 3600_000;
    const min = (m: number) => new Date(t0 + m * 60_000);
    const stale = new Date(t0 - RIG_MINUTES_KEPT_MS - 3600_000);
    await db.pool.query(`INSERT INTO "RigMinute" ("rigId", minute, samples, "powerWAvg") VALUES ($1, $2, 1, 100)`, [a.rigId, stale]);
    let purged = 0;
    // Both rigs report every 5 minutes; b is cut off from minute 40 and delivers its buffer at 110.
    for (let m = 0; m <= 155; m += 5) {
      await ingest(a.rigId, [min(m)], min(m), (i) => 1000 + m + i);
      if (m < 40 || m > 110) await ingest(b.rigId, [min(m)], min(m), () => 2000 + m);
      if (m === 110)
        await ingest(
          b.rigId,
          Array.from({ length: 15 }, (_, i) => min(40 + 5 * i)),
          min(m),
          (i) => 3000 + i,
        );
      const run = await rollupIncremental({ db, now: min(m + 1) });
      purged += run.rigMinutesPurged;
      // b's buffer is re-rolled once, by the run after it arrived.
      expect(run.lateRigs).toBe(m === 110 ? 1 : 0);
    }
    expect(purged).toBe(1);
    expect(Number((await db.pool.query(`SELECT count(*) FROM "LateTelemetry"`)).rows[0].count)).toBe(0);
    const hoursTo = min(120);
    const incremental = await snapshot(hoursTo);
    // Hour t0 (minutes 0-59) closed before b's buffer arrived: only the late record brought it in.
    const bFirstHour = incremental.rigHours.find((r) => r.rigId === b.rigId && r.hour.getTime() === t0);
    expect(bFirstHour?.samples).toBe(12);

    await db.pool.query(`TRUNCATE "RigMinute", "RigHour", "DeviceHour", "SitePower"`);
    await rollupTelemetry({ db, from: min(0), to: min(156) });
    const full = await snapshot(hoursTo);
    expect(incremental.rigMinutes.length).toBe(2 * 32);
    expect(incremental).toEqual(full);
  });
});
