import type { Database } from "../client";
import { bucketStarts, rangeWindow, SITE_POWER_BUCKET_SECONDS, type TSeriesRange } from "./ranges";

export interface TSitePowerSeries {
  id: number;
  code: string;
  powerCapKw: number;
  /** t: bucket start, unix ms; powerKw: sum over rigs of each rig's mean power in the bucket (null: no samples); capKw: cap in force. */
  points: { t: number; powerKw: number | null; capKw: number }[];
}

/**
 * Every range reads the site rollup (SitePower: one row per site and bucket, summed from the rig
 * rollups by telemetry/rollups.ts, which the scheduler worker runs every few minutes), so a chart
 * costs sites x points rows whatever the fleet size. The newest minutes show once rolled up.
 * Buckets are never under a minute (the 1 h range: 60 one-minute points).
 */
const SQL = `
SELECT "siteId" AS site, at AS bucket, "powerW" FROM "SitePower"
WHERE "bucketSeconds" = $3 AND at >= $1 AND at < $2 AND ($4::int IS NULL OR "siteId" = $4)`;

export async function sitePowerSeries({ db, range, now, siteId }: { db: Database; range: TSeriesRange; now: Date; siteId?: number }) {
  const w = rangeWindow(range, now, SITE_POWER_BUCKET_SECONDS[range]);
  const [sites, windows, rows] = await Promise.all([
    db.prisma.site.findMany({ where: siteId === undefined ? {} : { id: siteId }, orderBy: { code: "asc" }, select: { id: true, code: true, powerCapKw: true } }),
    db.prisma.powerCapWindow.findMany({ where: { startsAt: { lt: w.to }, endsAt: { gt: w.from }, ...(siteId === undefined ? {} : { siteId }) } }),
    db.pool.query<{ site: number; bucket: Date; powerW: number }>(SQL, [w.from, w.to, w.bucketSeconds, siteId ?? null]),
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
