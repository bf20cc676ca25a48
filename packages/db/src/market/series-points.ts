import type { Database } from "../client";
import { notFound } from "../errors";
import { EPOCH_ORIGIN, rangeWindow, type TSeriesRange } from "../overview/ranges";

/** Mean price per bucket, in micro-dollars summed exactly in SQL (numeric), then dollars. */
const SQL_POINTS = `
SELECT date_bin($3::interval, at, ${EPOCH_ORIGIN}) AS t, (avg("valueMicroUsd") / 1000000)::float8 AS "valueUsd"
FROM "PricePoint" WHERE "seriesId" = $4 AND at >= $1 AND at < $2 GROUP BY 1 ORDER BY 1`;

/** t: bucket start, unix ms; valueUsd: mean price in the bucket, dollars in the series' unit. */
export async function seriesPoints({ db, seriesId, range, now }: { db: Database; seriesId: number; range: TSeriesRange; now: Date }) {
  const series = await db.prisma.priceSeries.findUnique({ where: { id: seriesId }, select: { id: true, key: true, unit: true } });
  if (!series) throw notFound(`price series ${seriesId}`);
  const w = rangeWindow(range, now);
  const rows = await db.pool.query<{ t: Date; valueUsd: number }>(SQL_POINTS, [w.from, w.to, w.interval, seriesId]);
  return { ...series, range, bucketSeconds: w.bucketSeconds, points: rows.rows.map((r) => ({ t: r.t.getTime(), valueUsd: r.valueUsd })) };
}
