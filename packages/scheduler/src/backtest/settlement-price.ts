import type { TSiteSeries } from "./market";
import { lastIndexAtOrBefore, meanOver, meanOverlapping } from "./series";

/** How a real-time gap in a settlement price was filled. */
export type TGapFill = "none" | "day-ahead" | "carried";

/** Longest real-time gap bridged by carrying the last price when the day-ahead one is missing too (the hour repeated when clocks go back). */
export const CARRY_LIMIT_MS = 2 * 3600_000;

/**
 * The real-time price of [t, end): the mean of its real-time points. A point missing from the
 * real-time series is replaced by the day-ahead price of the same slot; where that is missing
 * too, by the last real-time price if it is at most CARRY_LIMIT_MS old. Throws otherwise.
 */
export function settlementPrice(site: TSiteSeries, t: number, endMs: number, index: number): { value: number; fill: TGapFill } {
  const rt = site.realTime;
  let sum = 0;
  let n = 0;
  let fill: TGapFill = "none";
  for (let slot = t; slot < endMs; slot += rt.intervalMs) {
    const real = meanOver(rt, slot, slot + rt.intervalMs);
    const da = real || !site.dayAhead ? undefined : meanOverlapping(site.dayAhead, slot, slot + rt.intervalMs);
    const last = real || da !== undefined ? undefined : lastIndexAtOrBefore(rt, slot);
    if (real) sum += real.value;
    else if (da !== undefined) {
      sum += da;
      if (fill === "none") fill = "day-ahead";
    } else if (last !== undefined && last >= 0 && slot - (rt.atMs[last] as number) <= CARRY_LIMIT_MS) {
      sum += rt.values[last] as number;
      fill = "carried";
    } else throw new Error(`site ${index}: no real-time or day-ahead price for ${new Date(slot).toISOString()} (nor a real-time price in the 2 hours before)`);
    n += 1;
  }
  return { value: sum / n, fill };
}
