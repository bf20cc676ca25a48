/**
 * A price series as the replay reads it: sorted points, each the value of
 * [atMs, atMs + intervalMs). Lookups by binary search; nothing here knows what "now" is.
 */
export interface TSeries {
  key: string;
  intervalMs: number; // nominal length of one point
  atMs: Float64Array; // sorted, unique
  values: Float64Array; // USD per unit of the series
}

export function toSeries(key: string, intervalSeconds: number, points: { atMs: number; value: number }[], shiftMs = 0): TSeries {
  return {
    key,
    intervalMs: intervalSeconds * 1000,
    atMs: Float64Array.from(points, (p) => p.atMs + shiftMs),
    values: Float64Array.from(points, (p) => p.value),
  };
}

/** Index of the last point with atMs <= t, or -1. */
export function lastIndexAtOrBefore(s: TSeries, t: number): number {
  let lo = 0;
  let hi = s.atMs.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if ((s.atMs[mid] as number) <= t) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/**
 * Mean of the points that start in [fromMs, toMs), with how many of the expected points were
 * missing (a gap). Undefined when none is there.
 */
export function meanOver(s: TSeries, fromMs: number, toMs: number): { value: number; missing: number } | undefined {
  const expected = Math.max(1, Math.round((toMs - fromMs) / s.intervalMs));
  let sum = 0;
  let n = 0;
  for (let i = lastIndexAtOrBefore(s, fromMs - 1) + 1; i < s.atMs.length && (s.atMs[i] as number) < toMs; i++) {
    sum += s.values[i] as number;
    n += 1;
  }
  return n === 0 ? undefined : { value: sum / n, missing: Math.max(0, expected - n) };
}

/** Mean of the points whose own interval overlaps [fromMs, toMs) (e.g. hourly day-ahead prices for a 15-minute slot). */
export function meanOverlapping(s: TSeries, fromMs: number, toMs: number): number | undefined {
  let sum = 0;
  let n = 0;
  for (let i = Math.max(0, lastIndexAtOrBefore(s, fromMs)); i < s.atMs.length && (s.atMs[i] as number) < toMs; i++) {
    if ((s.atMs[i] as number) + s.intervalMs <= fromMs) continue;
    sum += s.values[i] as number;
    n += 1;
  }
  return n === 0 ? undefined : sum / n;
}

/** The value in force at t: the last point at or before t (a step function), and how many intervals old it is. */
export function stepAt(s: TSeries, t: number): { value: number; ageIntervals: number } | undefined {
  const i = lastIndexAtOrBefore(s, t);
  if (i < 0) return undefined;
  return { value: s.values[i] as number, ageIntervals: (t - (s.atMs[i] as number)) / s.intervalMs };
}

/** The last point whose interval has ended by t (atMs + intervalMs <= t): what is known at t. */
export function lastEndedBy(s: TSeries, t: number): { atMs: number; value: number } | undefined {
  const i = lastIndexAtOrBefore(s, t - s.intervalMs);
  return i < 0 ? undefined : { atMs: s.atMs[i] as number, value: s.values[i] as number };
}
