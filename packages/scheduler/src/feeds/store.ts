/**
 * Stores price series: the feed and series rows, then every point in one statement per series
 * (unnest of arrays). Re-importing a point updates its value (a price revision), never adds a twin.
 */
import type { Database } from "@rigshift/db";
import type { TParsedSeries } from "./csv";

export interface TStoreResult {
  series: number;
  points: number;
}

export async function storePriceSeries({
  db,
  feedName,
  feedKind,
  series,
}: {
  db: Database;
  feedName: string;
  feedKind: "MANUAL" | "CSV" | "HTTP";
  series: TParsedSeries[];
}): Promise<TStoreResult> {
  const feed = await db.prisma.priceFeed.upsert({ where: { name: feedName }, create: { name: feedName, kind: feedKind }, update: {}, select: { id: true } });
  let points = 0;
  for (const s of series) {
    const row = await db.prisma.priceSeries.upsert({
      where: { key: s.key },
      create: { key: s.key, kind: s.kind, unit: s.unit, zone: s.zone, feedId: feed.id },
      update: {},
      select: { id: true },
    });
    // Values become integer micro-dollars here, once.
    const result = await db.pool.query(
      `INSERT INTO "PricePoint" ("seriesId", at, "intervalSeconds", "valueMicroUsd")
       SELECT $1, a, $2, v FROM unnest($3::timestamptz[], $4::bigint[]) AS x(a, v)
       ON CONFLICT ("seriesId", at) DO UPDATE SET "valueMicroUsd" = EXCLUDED."valueMicroUsd", "intervalSeconds" = EXCLUDED."intervalSeconds"`,
      [row.id, s.intervalSeconds, s.points.map((p) => new Date(p.atMs)), s.points.map((p) => String(Math.round(p.value * 1e6)))],
    );
    points += result.rowCount ?? 0;
  }
  await db.prisma.priceFeed.update({ where: { id: feed.id }, data: { lastOkAt: new Date(), lastError: null } });
  return { series: series.length, points };
}

/**
 * Moves a historical series in time so that its `anchorMs` point lands on `targetMs`: the demo
 * replays real prices "as if now". The values are untouched.
 */
export function shiftSeries(series: TParsedSeries[], anchorMs: number, targetMs: number): TParsedSeries[] {
  const delta = targetMs - anchorMs;
  return series.map((s) => ({ ...s, points: s.points.map((p) => ({ atMs: p.atMs + delta, value: p.value })) }));
}
