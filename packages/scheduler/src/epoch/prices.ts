/**
 * The prices an epoch is decided on: for each electricity zone, the day-ahead price of the
 * interval that contains the epoch start when one is published, else the latest real-time
 * price before it; the latest hashprice and coin prices before the epoch. Nothing after
 * `at` is ever read: decisions use only what was known when they were made.
 */
import type { Database } from "@rigshift/db";

export interface TEpochPrices {
  /** zone -> { usdPerMwh, source series key, at } */
  electricity: Map<string, { usdPerMwh: number; series: string; at: Date }>;
  /** coin -> revenue per H/s per day, USD (BTC from hashprice in USD/TH/day). */
  coins: Record<string, { usdPerHashPerDay: number }>;
}

const MICRO = 1e6;

export async function loadEpochPrices({ db, at, zones }: { db: Database; at: Date; zones: string[] }): Promise<TEpochPrices> {
  const electricity = new Map<string, { usdPerMwh: number; series: string; at: Date }>();
  for (const zone of zones) {
    // Day-ahead: the interval containing `at` (published the day before). Else the last real-time price.
    const { rows } = await db.pool.query<{ key: string; at: Date; value: string }>(
      `(SELECT s.key, p.at, p."valueMicroUsd"::text AS value FROM "PricePoint" p JOIN "PriceSeries" s ON s.id = p."seriesId"
         WHERE s.key = $1 AND p.at <= $3 AND p.at + make_interval(secs => p."intervalSeconds") > $3 ORDER BY p.at DESC LIMIT 1)
       UNION ALL
       (SELECT s.key, p.at, p."valueMicroUsd"::text FROM "PricePoint" p JOIN "PriceSeries" s ON s.id = p."seriesId"
         WHERE s.key = $2 AND p.at < $3 ORDER BY p.at DESC LIMIT 1)`,
      [`electricity:${zone}:dam`, `electricity:${zone}:rtm`, at],
    );
    const best = rows[0];
    if (best) electricity.set(zone, { usdPerMwh: Number(best.value) / MICRO, series: best.key, at: best.at });
  }
  const coins: Record<string, { usdPerHashPerDay: number }> = {};
  const { rows: hp } = await db.pool.query<{ key: string; value: string }>(
    `SELECT DISTINCT ON (s.key) s.key, p."valueMicroUsd"::text AS value FROM "PricePoint" p JOIN "PriceSeries" s ON s.id = p."seriesId"
     WHERE s.kind = 'HASHPRICE' AND p.at <= $1 ORDER BY s.key, p.at DESC`,
    [at],
  );
  for (const row of hp) {
    // "hashprice:BTC" in USD per TH/s per day.
    const coin = row.key.split(":")[1];
    if (coin) coins[coin] = { usdPerHashPerDay: Number(row.value) / MICRO / 1e12 };
  }
  return { electricity, coins };
}
