/**
 * What the market was, and what was known when. `viewAt(t)` is all a strategy may read before
 * deciding interval [t, t + interval): the day-ahead price of t (published the day before),
 * real-time prices of intervals that had ended by t, the daily coin values of days that had
 * ended by t (yesterday's hashprice), and the offers open at t. `realisedAt(t)` is what the
 * interval is settled at: its real-time price (the day-ahead price where the real-time series
 * has a gap) and the coin values of the day it is in. Only hindsight-optimum reads it to decide.
 */
import type { TOffer } from "./offers";
import { expectedPrice, type TPriceSignal } from "./price-signal";
import { lastEndedBy, meanOverlapping, stepAt, type TSeries } from "./series";
import { settlementPrice, type TGapFill } from "./settlement-price";

export type { TGapFill, TPriceSignal };

export interface TCoinSource {
  unitHs: number; // H/s in one unit of the scenario's hashUnit
  series: TSeries | null; // daily values, or null for a constant
  constant: number;
}

export interface TSiteSeries {
  realTime: TSeries;
  dayAhead: TSeries | null;
}

export interface TMarket {
  startMs: number;
  priceSignal: TPriceSignal;
  intervalSeconds: number;
  intervals: number;
  sites: TSiteSeries[];
  coins: Record<string, TCoinSource>; // USD per unit per day
  offers: TOffer[];
}

/** An offer as a strategy sees it: not when it will end. */
export type TOpenOffer = Omit<TOffer, "toMs" | "fromMs">;

export interface TMarketView {
  t: number; // unix ms, start of the interval to decide
  intervalSeconds: number;
  /** Day-ahead price of this interval (USD/MWh), undefined where the series has none. */
  dayAheadUsdPerMwh(site: number): number | undefined;
  /** Real-time price of the last interval that had ended by t. */
  lastRealTime(site: number): { atMs: number; usdPerMwh: number } | undefined;
  /** The price decisions use, per the scenario's priceSignal (by default the day-ahead price, as the epoch loader). */
  expectedUsdPerMwh(site: number): number;
  /** Coin revenue per H/s per day, from the last full day (yesterday's hashprice). */
  usdPerHashPerDay(coin: string): number;
  offers: TOpenOffer[];
}

export interface TRealised {
  usdPerMwh: number[]; // per site: what the interval is settled at
  gapFill: TGapFill[]; // per site: how missing real-time points (if any) were filled
  usdPerHashPerDay: Record<string, number>; // the day's own values
  staleCoin: boolean; // a coin series had no value for this day: the last one was carried
}

/** A coin value older than this many of its intervals (days) is a gap too long to carry: an error. */
export const MAX_COIN_AGE_INTERVALS = 3;

export function intervalStart(market: TMarket, i: number): number {
  return market.startMs + i * market.intervalSeconds * 1000;
}

export function viewAt(market: TMarket, t: number): TMarketView {
  const endMs = t + market.intervalSeconds * 1000;
  const dayAhead = (site: number) => {
    const s = market.sites[site]?.dayAhead;
    return s ? meanOverlapping(s, t, endMs) : undefined;
  };
  const lastRealTime = (site: number) => {
    const s = market.sites[site]?.realTime;
    const p = s ? lastEndedBy(s, t) : undefined;
    return p ? { atMs: p.atMs, usdPerMwh: p.value } : undefined;
  };
  const offers = market.offers.filter((o) => o.fromMs <= t && t < o.toMs).map(({ fromMs: _f, toMs: _t, ...open }) => open);
  const expected = new Map<number, number>(); // per site, computed once per view
  return {
    t,
    intervalSeconds: market.intervalSeconds,
    dayAheadUsdPerMwh: dayAhead,
    lastRealTime,
    expectedUsdPerMwh(site) {
      const known = expected.get(site);
      if (known !== undefined) return known;
      const price = expectedPrice({ signal: market.priceSignal, site: market.sites[site] as TSiteSeries, t, dayAhead: dayAhead(site), lastRealTime: lastRealTime(site) });
      if (price === undefined) throw new Error(`site ${site}: no day-ahead price for ${new Date(t).toISOString()} and no real-time price before it`);
      expected.set(site, price);
      return price;
    },
    usdPerHashPerDay(coin) {
      const c = market.coins[coin];
      if (!c) throw new Error(`no coin ${coin}`);
      if (!c.series) return c.constant / c.unitHs;
      const p = lastEndedBy(c.series, t);
      if (!p) throw new Error(`${c.series.key}: no value for a day that ended by ${new Date(t).toISOString()}`);
      if (t - (p.atMs + c.series.intervalMs) > MAX_COIN_AGE_INTERVALS * c.series.intervalMs) {
        throw new Error(`${c.series.key}: the last value known at ${new Date(t).toISOString()} is from ${new Date(p.atMs).toISOString()}, too old to carry`);
      }
      return p.value / c.unitHs;
    },
    offers,
  };
}

export function realisedAt(market: TMarket, t: number): TRealised {
  const endMs = t + market.intervalSeconds * 1000;
  const gapFill: TGapFill[] = [];
  const usdPerMwh = market.sites.map((site, i) => {
    const { value, fill } = settlementPrice(site, t, endMs, i);
    gapFill.push(fill);
    return value;
  });
  let staleCoin = false;
  const usdPerHashPerDay: Record<string, number> = {};
  for (const [coin, c] of Object.entries(market.coins)) {
    if (!c.series) {
      usdPerHashPerDay[coin] = c.constant / c.unitHs;
      continue;
    }
    const q = stepAt(c.series, t);
    if (!q || q.ageIntervals > MAX_COIN_AGE_INTERVALS)
      throw new Error(`${c.series.key}: no value at ${new Date(t).toISOString()} nor in the ${MAX_COIN_AGE_INTERVALS} intervals before`);
    staleCoin ||= q.ageIntervals >= 1; // the day's own value is missing
    usdPerHashPerDay[coin] = q.value / c.unitHs;
  }
  return { usdPerMwh, gapFill, usdPerHashPerDay, staleCoin };
}
