/** Chart ranges and their server-side bucket sizes (~120-170 points each). Seconds. */
export const SERIES_RANGES = {
  "1h": { seconds: 3600, bucketSeconds: 30 },
  "6h": { seconds: 6 * 3600, bucketSeconds: 180 },
  "24h": { seconds: 24 * 3600, bucketSeconds: 600 },
  "7d": { seconds: 7 * 24 * 3600, bucketSeconds: 3600 },
  "30d": { seconds: 30 * 24 * 3600, bucketSeconds: 6 * 3600 },
} as const;

export type TSeriesRange = keyof typeof SERIES_RANGES;

/** The window [from, to) for a range ending now, aligned to whole buckets (date_bin's origin is the epoch). */
export function rangeWindow(range: TSeriesRange, now: Date, bucketSeconds: number = SERIES_RANGES[range].bucketSeconds) {
  const { seconds } = SERIES_RANGES[range];
  const bucketMs = bucketSeconds * 1000;
  const to = new Date(Math.floor(now.getTime() / bucketMs) * bucketMs + bucketMs);
  const from = new Date(to.getTime() - seconds * 1000);
  return { from, to, bucketSeconds, bucketMs, interval: `${bucketSeconds} seconds` };
}

/** Every bucket start in [from, to), unix ms. */
export function bucketStarts(from: Date, to: Date, bucketMs: number): number[] {
  const out: number[] = [];
  for (let t = from.getTime(); t < to.getTime(); t += bucketMs) out.push(t);
  return out;
}

/**
 * The site power charts' bucket per range: the range's own, but never under a minute, the finest
 * rollup (RigMinute) that the site rollup (SitePower) is summed from.
 */
export const SITE_POWER_BUCKET_SECONDS = Object.fromEntries(Object.entries(SERIES_RANGES).map(([range, r]) => [range, Math.max(60, r.bucketSeconds)])) as Record<
  TSeriesRange,
  number
>;

export const EPOCH_ORIGIN = "TIMESTAMPTZ '1970-01-01 00:00:00+00'";
