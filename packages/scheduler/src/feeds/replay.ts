/**
 * The demo's market: the real series shipped in packages/scheduler/data, replayed so that they
 * cover the days around now. Electricity: day-ahead prices through the end of tomorrow, real-time
 * prices only up to now (nothing from the future is visible). Hashprice and GPU rental prices
 * up to now. Labelled as replays in the feed names.
 */
import { readFileSync } from "node:fs";
import type { Database } from "@rigshift/db";
import { CSV_FORMATS, parsePriceCsv, type TParsedSeries } from "./csv";
import { shiftSeries, storePriceSeries } from "./store";

const DATA = new URL("../../data/", import.meta.url);
const DAY = 86_400_000;

function read(file: string, format: string) {
  return parsePriceCsv(readFileSync(new URL(file, DATA), "utf8"), CSV_FORMATS[format]!).series;
}

function lastAt(series: TParsedSeries[]) {
  return Math.max(...series.flatMap((s) => s.points.map((p) => p.atMs)));
}

export async function seedReplayMarket({ db, now }: { db: Database; now: Date }) {
  const endOfTomorrow = Math.floor(now.getTime() / DAY) * DAY + 2 * DAY;
  const ercot = read("ercot_hb_south_15min_2024H2.csv", "ercot-15min");
  const shifted = shiftSeries(ercot, lastAt(ercot) + 900_000, endOfTomorrow).map((s) =>
    s.key.endsWith(":rtm") ? { ...s, points: s.points.filter((p) => p.atMs < now.getTime()) } : s,
  );
  const btc = read("btc_daily_2023_2024.csv", "btc-daily");
  const gpu = read("gpu_rental_30min_2025-10-19_2025-11-02.csv", "gpu-rental-30min");
  const today = Math.floor(now.getTime() / DAY) * DAY;
  const results = [
    await storePriceSeries({ db, feedName: "replay: ERCOT HB_SOUTH 2024-H2", feedKind: "CSV", series: shifted }),
    await storePriceSeries({ db, feedName: "replay: BTC hashprice 2023-2024", feedKind: "CSV", series: shiftSeries(btc, lastAt(btc), today) }),
    await storePriceSeries({ db, feedName: "replay: GPU rental 2025-10", feedKind: "CSV", series: shiftSeries(gpu, lastAt(gpu), now.getTime()) }),
  ];
  return { points: results.reduce((a, r) => a + r.points, 0) };
}
