import { realisedAt, type TMarket, viewAt } from "./market";
import { lastEndedBy } from "./series";

/** Every interval must be decidable and settleable; gaps with a documented fallback become notes. */
export function checkCoverage({ market, siteCodes, problems, notes }: { market: TMarket; siteCodes: string[]; problems: string[]; notes: string[] }): void {
  const settledAtDa = new Array<number>(market.sites.length).fill(0);
  const carried = new Array<number>(market.sites.length).fill(0);
  const decidedOnRt = new Array<number>(market.sites.length).fill(0);
  let staleCoinIntervals = 0;
  let carriedCoinSettlements = 0;
  for (let i = 0; i < market.intervals; i++) {
    const t = market.startMs + i * market.intervalSeconds * 1000;
    const when = new Date(t).toISOString();
    try {
      const view = viewAt(market, t);
      market.sites.forEach((_, s) => {
        if (view.dayAheadUsdPerMwh(s) === undefined) decidedOnRt[s] = (decidedOnRt[s] ?? 0) + 1;
        view.expectedUsdPerMwh(s);
      });
      for (const coin of Object.keys(market.coins)) {
        view.usdPerHashPerDay(coin);
        const c = market.coins[coin];
        const last = c?.series ? lastEndedBy(c.series, t) : undefined;
        if (c?.series && last && t - (last.atMs + c.series.intervalMs) >= c.series.intervalMs) staleCoinIntervals += 1;
      }
      const realised = realisedAt(market, t);
      if (realised.staleCoin) carriedCoinSettlements += 1;
      realised.gapFill.forEach((fill, s) => {
        if (fill === "day-ahead") settledAtDa[s] = (settledAtDa[s] ?? 0) + 1;
        if (fill === "carried") carried[s] = (carried[s] ?? 0) + 1;
      });
    } catch (e) {
      problems.push(`interval ${i} (${when}): ${(e as Error).message}`);
      if (problems.length >= 10) return;
    }
  }
  market.sites.forEach((_, s) => {
    const code = siteCodes[s];
    if (settledAtDa[s]) notes.push(`${code}: ${settledAtDa[s]} interval(s) settled (in part) at the day-ahead price: real-time gap`);
    if (carried[s]) notes.push(`${code}: ${carried[s]} interval(s) settled (in part) at the last real-time price carried forward: real-time and day-ahead gap`);
    if (decidedOnRt[s] && market.sites[s]?.dayAhead) notes.push(`${code}: ${decidedOnRt[s]} interval(s) decided on the last real-time price: day-ahead gap`);
  });
  if (carriedCoinSettlements) notes.push(`${carriedCoinSettlements} interval(s) settled at the last coin value before their day (gap in the daily series)`);
  if (staleCoinIntervals) notes.push(`${staleCoinIntervals} interval(s) decided on a coin value older than yesterday's (gap in the daily series: the last value was carried)`);
}
