import type { Database } from "../client";
import { bucketStarts, EPOCH_ORIGIN, rangeWindow, type TSeriesRange } from "./ranges";

export interface TSitePowerSeries {
  id: number;
  code: string;
  powerCapKw: number;
  /** t: bucket start, unix ms; powerKw: sum over rigs of each rig's mean power in the bucket (null: no samples); capKw: cap in force. */
  points: { t: number; powerKw: number | null; capKw: number }[];
}

/**
 * Where each range reads from: raw samples for short ranges, the 1-minute and 1-hour rollups
 * (telemetry/rollups.ts, kept current by the scheduler worker) for long ones, so a 30-day chart
 * of a large farm never scans raw telemetry. Rolled-up ranges show the newest minutes once rolled up.
 */
const SOURCE: Record<TSeriesRange, { table: string; at: string; power: string }> = {
  "1h": { table: "RigSample", at: "at", power: `"powerW"` },
  "6h": { table: "RigSample", at: "at", power: `"powerW"` },
  "24h": { table: "RigMinute", at: "minute", power: `"powerWAvg"` },
  "7d": { table: "RigHour", at: "hour", power: `"powerWAvg"` },
  "30d": { table: "RigHour", at: "hour", power: `"powerWAvg"` },
};

/**
 * Power per site over time, bucketed in SQL with date_bin: each rig's readings are averaged per
 * bucket first, then summed per site, so a rig reporting twice as often does not count twice.
 */
function sql(range: TSeriesRange) {
  const s = SOURCE[range];
  return `
SELECT site, bucket, sum(w)::float8 AS "powerW" FROM (
  SELECT r."siteId" AS site, date_bin($3::interval, x.${s.at}, ${EPOCH_ORIGIN}) AS bucket, avg(x.${s.power}) AS w
  FROM "${s.table}" x JOIN "Rig" r ON r.id = x."rigId"
  WHERE x.${s.at} >= $1 AND x.${s.at} < $2 AND ($4::int IS NULL OR r."siteId" = $4)
  GROUP BY 1, 2, x."rigId"
) y GROUP BY 1, 2`;
}

export async function sitePowerSeries({ db, range, now, siteId }: { db: Database; range: TSeriesRange; now: Date; siteId?: number }) {
  const w = rangeWindow(range, now);
  const [sites, windows, rows] = await Promise.all([
    db.prisma.site.findMany({ where: siteId === undefined ? {} : { id: siteId }, orderBy: { code: "asc" }, select: { id: true, code: true, powerCapKw: true } }),
    db.prisma.powerCapWindow.findMany({ where: { startsAt: { lt: w.to }, endsAt: { gt: w.from }, ...(siteId === undefined ? {} : { siteId }) } }),
    db.pool.query<{ site: number; bucket: Date; powerW: number }>(sql(range), [w.from, w.to, w.interval, siteId ?? null]),
  ]);
  const power = new Map(rows.rows.map((r) => [`${r.site}:${r.bucket.getTime()}`, r.powerW / 1000]));
  const buckets = bucketStarts(w.from, w.to, w.bucketMs);
  const series: TSitePowerSeries[] = sites.map((s) => {
    const own = windows.filter((x) => x.siteId === s.id);
    return {
      ...s,
      points: buckets.map((t) => {
        const active = own.filter((x) => x.startsAt.getTime() <= t && x.endsAt.getTime() > t).map((x) => x.capKw);
        return { t, powerKw: power.get(`${s.id}:${t}`) ?? null, capKw: Math.min(s.powerCapKw, ...active) };
      }),
    };
  });
  return { range, from: w.from.toISOString(), to: w.to.toISOString(), bucketSeconds: w.bucketSeconds, sites: series };
}
