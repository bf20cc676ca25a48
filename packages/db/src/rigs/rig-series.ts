import type { Database } from "../client";
import { notFound } from "../errors";
import { EPOCH_ORIGIN, rangeWindow, type TSeriesRange } from "../overview/ranges";
import type { TRigSeries } from "./detail-types";

/** Per-device means per bucket from raw samples (DeviceSample's (rigId, at) index): up to a day of one rig. */
const SQL_RAW = `
SELECT date_bin($3::interval, at, ${EPOCH_ORIGIN}) AS t, "deviceId",
  avg("tempC")::float8 AS "tempC", avg("powerW")::float8 AS "powerW", avg("utilPct")::float8 AS "utilPct", avg("hashrateHs")::float8 AS "hashrateHs"
FROM "DeviceSample" WHERE "rigId" = $4 AND at >= $1 AND at < $2
GROUP BY 1, 2 ORDER BY 1`;

/** Longer ranges read the hourly rollup (DeviceHour, kept current by the scheduler worker). */
const SQL_HOURLY = `
SELECT date_bin($3::interval, hour, ${EPOCH_ORIGIN}) AS t, "deviceId",
  avg("tempCAvg")::float8 AS "tempC", avg("powerWAvg")::float8 AS "powerW", avg("utilPctAvg")::float8 AS "utilPct", avg("hashrateHsAvg")::float8 AS "hashrateHs"
FROM "DeviceHour" WHERE "rigId" = $4 AND hour >= $1 AND hour < $2
GROUP BY 1, 2 ORDER BY 1`;

export async function rigSeries({ db, rigId, range, now }: { db: Database; rigId: number; range: TSeriesRange; now: Date }): Promise<TRigSeries> {
  const w = rangeWindow(range, now);
  const devices = await db.prisma.device.findMany({ where: { rigId }, orderBy: { index: "asc" }, select: { id: true, index: true, kind: true, model: true } });
  if (!devices.length && !(await db.prisma.rig.findUnique({ where: { id: rigId }, select: { id: true } }))) throw notFound(`rig ${rigId}`);
  const indexOf = new Map(devices.map((d) => [d.id, d.index]));
  const hourly = range === "7d" || range === "30d";
  const rows = await db.pool.query(hourly ? SQL_HOURLY : SQL_RAW, [w.from, w.to, w.interval, rigId]);
  return {
    range,
    from: w.from.toISOString(),
    to: w.to.toISOString(),
    bucketSeconds: w.bucketSeconds,
    devices,
    points: rows.rows.map((r) => ({
      t: r.t.getTime(),
      deviceIndex: indexOf.get(r.deviceId) ?? -1,
      tempC: r.tempC,
      powerW: r.powerW,
      utilPct: r.utilPct,
      hashrateHs: r.hashrateHs,
    })),
  };
}
