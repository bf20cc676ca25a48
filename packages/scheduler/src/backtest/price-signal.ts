import type { TSiteSeries } from "./market";
import { meanOver, meanOverlapping } from "./series";

/**
 * The electricity price decisions are made on:
 * - "day-ahead": the day-ahead price of the interval, else the last real-time price (what the
 *   epoch loader does in production);
 * - "last-real-time": the last real-time price, else the day-ahead price;
 * - "day-ahead+persistence": the day-ahead price plus the last real-time minus day-ahead
 *   spread times its persistence, the least-squares slope of each spread on the one before
 *   over the past week of ended intervals (in [0, 1]; learnt from the past only, not tuned).
 */
export type TPriceSignal = "day-ahead" | "last-real-time" | "day-ahead+persistence";

/** The price to decide [t, ...) on, from the day-ahead price of the interval and the last ended real-time one. */
export function expectedPrice(args: {
  signal: TPriceSignal;
  site: TSiteSeries;
  t: number;
  dayAhead: number | undefined;
  lastRealTime: { atMs: number; usdPerMwh: number } | undefined;
}): number | undefined {
  const { dayAhead: da, lastRealTime: rt } = args;
  if (args.signal === "last-real-time") return rt?.usdPerMwh ?? da;
  if (args.signal === "day-ahead+persistence" && da !== undefined && rt) {
    const spread = spreadAt(args.site, rt.atMs);
    if (spread !== undefined) return da + persistence(args.site, args.t) * spread;
  }
  return da ?? rt?.usdPerMwh;
}

const WEEK_MS = 7 * 86_400_000;

/** Real-time minus day-ahead price of the real-time interval starting at atMs. */
function spreadAt(site: TSiteSeries, atMs: number): number | undefined {
  const rt = meanOver(site.realTime, atMs, atMs + site.realTime.intervalMs);
  const da = site.dayAhead ? meanOverlapping(site.dayAhead, atMs, atMs + site.realTime.intervalMs) : undefined;
  return rt && rt.missing === 0 && da !== undefined ? rt.value - da : undefined;
}

/** Slope of each spread on the previous one over the real-time intervals that ended in the week before t, in [0, 1]. */
function persistence(site: TSiteSeries, t: number): number {
  const rt = site.realTime;
  let num = 0;
  let den = 0;
  let prev: number | undefined;
  for (let at = t - WEEK_MS; at + rt.intervalMs <= t; at += rt.intervalMs) {
    const s = spreadAt(site, at);
    if (s !== undefined && prev !== undefined) {
      num += prev * s;
      den += prev * prev;
    }
    prev = s;
  }
  return den > 0 ? Math.min(1, Math.max(0, num / den)) : 0;
}
