/** Local wall-clock time in an IANA zone -> UTC, without a timezone library (Intl does the rules). */

const formatters = new Map<string, Intl.DateTimeFormat>();

function offsetMs(utcMs: number, timeZone: string): number {
  let fmt = formatters.get(timeZone);
  if (!fmt) {
    // Building a formatter is the slow part: one per zone.
    fmt = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    formatters.set(timeZone, fmt);
  }
  const parts = fmt.formatToParts(new Date(utcMs));
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value);
  return Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute"), get("second")) - (utcMs - (utcMs % 1000));
}

/**
 * UTC ms of a local time. An ambiguous local time (the repeated hour when clocks go back) maps
 * to its first occurrence unless `later` is set; a time that does not exist (clocks go forward)
 * maps to the same instant one hour later, as clocks show it.
 */
export function localToUtcMs(local: { y: number; mo: number; d: number; h: number; mi: number; s: number }, timeZone: string, later = false): number {
  const asUtc = Date.UTC(local.y, local.mo - 1, local.d, local.h, local.mi, local.s);
  if (timeZone === "UTC") return asUtc;
  const candidates = new Set<number>();
  for (const probe of [asUtc - 12 * 3600_000, asUtc + 12 * 3600_000]) candidates.add(asUtc - offsetMs(probe, timeZone));
  const valid = [...candidates].filter((utc) => utc + offsetMs(utc, timeZone) === asUtc).sort((a, b) => a - b);
  if (valid.length === 0) return asUtc - offsetMs(asUtc, timeZone);
  return later ? valid[valid.length - 1]! : valid[0]!;
}
