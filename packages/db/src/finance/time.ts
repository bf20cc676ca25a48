/**
 * Time for finance: the ledger is in UTC hours; reports bucket those hours by day, week (ISO,
 * Monday) or month in an explicit IANA time zone. Pure functions (Intl only).
 */
export const HOUR_MS = 3_600_000;

export const floorHour = (d: Date) => new Date(Math.floor(d.getTime() / HOUR_MS) * HOUR_MS);
export const ceilHour = (d: Date) => new Date(Math.ceil(d.getTime() / HOUR_MS) * HOUR_MS);

/** Whether `tz` is an IANA zone this runtime knows ("UTC", "America/Chicago"). */
export function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz });
    return /^[A-Za-z_]+(?:\/[A-Za-z0-9_+-]+)*$/.test(tz);
  } catch {
    return false;
  }
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function partsIn(instantMs: number, tz: string) {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone: tz,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    formatters.set(tz, f);
  }
  const p: Record<string, number> = {};
  for (const part of f.formatToParts(new Date(instantMs))) if (part.type !== "literal") p[part.type] = Number(part.value);
  return p as { year: number; month: number; day: number; hour: number; minute: number; second: number };
}

/** Offset of `tz` from UTC at an instant, minutes (Chicago in winter: -360). */
export function offsetMinutes(instantMs: number, tz: string): number {
  const p = partsIn(instantMs, tz);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return Math.round((asUtc - Math.floor(instantMs / 1000) * 1000) / 60_000);
}

/** The instant a local wall time (given as UTC fields) happens in `tz`; DST gaps resolve forward. */
export function zonedToInstant(wallAsUtcMs: number, tz: string): Date {
  let guess = wallAsUtcMs - offsetMinutes(wallAsUtcMs, tz) * 60_000;
  guess = wallAsUtcMs - offsetMinutes(guess, tz) * 60_000;
  return new Date(guess);
}

/** "2026-11-01" (a local date in `tz`) -> the instant that day starts. */
export function localDateToInstant(date: string, tz: string): Date {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) throw new Error(`not a date: ${date}`);
  return zonedToInstant(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])), tz);
}

/** The local wall time of an instant, as a Date whose UTC fields are that wall time (Excel cells). */
export function wallClock(instantMs: number, tz: string): Date {
  return new Date(instantMs + offsetMinutes(instantMs, tz) * 60_000);
}

/** ISO-8601 with the zone's offset: "2026-11-01T00:00:00-05:00". */
export function isoInZone(instantMs: number, tz: string): string {
  const off = offsetMinutes(instantMs, tz);
  const wall = new Date(instantMs + off * 60_000).toISOString().slice(0, 19);
  const sign = off < 0 ? "-" : "+";
  const abs = Math.abs(off);
  return `${wall}${sign}${String(Math.floor(abs / 60)).padStart(2, "0")}:${String(abs % 60).padStart(2, "0")}`;
}

/** "2026-11-01" of an instant in `tz`. */
export function localDate(instantMs: number, tz: string): string {
  return isoInZone(instantMs, tz).slice(0, 10);
}

/**
 * Bucket boundaries covering [from, to) in `tz`, clipped to the period: [b0 = from, b1, ..., bn = to].
 * Hours are UTC hours (the ledger's); days, ISO weeks (from Monday) and months are local.
 */
export function bucketBounds(from: Date, to: Date, granularity: "hour" | "day" | "week" | "month", tz: string): Date[] {
  const out: Date[] = [from];
  if (to <= from) return [from, from];
  let wall = startOfBucketWall(from.getTime(), granularity, tz);
  for (;;) {
    wall = nextWall(wall, granularity);
    const next = granularity === "hour" ? new Date(wall) : zonedToInstant(wall, tz);
    if (next >= to) break;
    if (next > out.at(-1)!) out.push(next);
  }
  out.push(to);
  return out;
}

/** The bucket start containing an instant, as wall-clock ms (UTC fields = local wall time; UTC for hours). */
function startOfBucketWall(instantMs: number, granularity: "hour" | "day" | "week" | "month", tz: string): number {
  if (granularity === "hour") return Math.floor(instantMs / HOUR_MS) * HOUR_MS;
  const w = new Date(wallClock(instantMs, tz).getTime());
  const day = Date.UTC(w.getUTCFullYear(), w.getUTCMonth(), w.getUTCDate());
  if (granularity === "day") return day;
  if (granularity === "week") return day - ((w.getUTCDay() + 6) % 7) * 86_400_000;
  return Date.UTC(w.getUTCFullYear(), w.getUTCMonth(), 1);
}

function nextWall(wallMs: number, granularity: "hour" | "day" | "week" | "month"): number {
  if (granularity === "hour") return wallMs + HOUR_MS;
  if (granularity === "day") return wallMs + 86_400_000;
  if (granularity === "week") return wallMs + 7 * 86_400_000;
  const d = new Date(wallMs);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
}
