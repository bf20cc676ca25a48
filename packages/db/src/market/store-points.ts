/**
 * Price points are written in SQL on purpose: a CSV import is up to 100k rows, stored in one
 * statement (unnest of column arrays). A point at an existing (series, time) replaces it.
 */
import type pg from "pg";
import type { DbOrTx } from "../client";
import { invalid } from "../errors";

export const SQL_UPSERT_POINTS = `
INSERT INTO "PricePoint" ("seriesId", at, "intervalSeconds", "valueMicroUsd")
SELECT $1, a, $2, v FROM unnest($3::timestamptz[], $4::bigint[]) AS x(a, v)
ON CONFLICT ("seriesId", at) DO UPDATE SET "valueMicroUsd" = EXCLUDED."valueMicroUsd", "intervalSeconds" = EXCLUDED."intervalSeconds"
RETURNING (xmax <> 0) AS replaced`;

export async function upsertPoints(client: Pick<pg.PoolClient, "query">, seriesId: number, intervalSeconds: number, points: { at: Date; valueMicroUsd: bigint }[]) {
  const r = await client.query<{ replaced: boolean }>(SQL_UPSERT_POINTS, [seriesId, intervalSeconds, points.map((p) => p.at), points.map((p) => p.valueMicroUsd.toString())]);
  const replaced = r.rows.filter((x) => x.replaced).length;
  return { stored: r.rows.length - replaced, replaced };
}

/** The series a manual or CSV entry goes to; its interval defaults to that of its newest point (else one hour). */
export async function seriesForEntry(db: DbOrTx, key: string) {
  const series = await db.priceSeries.findUnique({
    where: { key },
    select: { id: true, key: true, feedId: true, feed: { select: { kind: true } }, points: { orderBy: { at: "desc" }, take: 1, select: { intervalSeconds: true } } },
  });
  if (!series) throw invalid(`no price series "${key}"`, [{ path: "seriesKey", message: `no series with key "${key}"` }]);
  return { id: series.id, key: series.key, feedId: series.feedId, feedKind: series.feed.kind, defaultIntervalSeconds: series.points[0]?.intervalSeconds ?? 3600 };
}
