/**
 * Price CSV import, for the formats of the public series the product ships (ERCOT 15-minute
 * settlement prices, Bitcoin daily hashprice, GPU rental prices) and any file described the
 * same way. Pure: text in, points out, or a clear error naming rows and columns. Never a NaN.
 *
 * Documented handling:
 * - missing columns, unparseable numbers or times, and duplicate timestamps in one series are
 *   errors (with row numbers); nothing is imported from a file with errors;
 * - negative prices are valid where the series allows them (electricity), an error elsewhere;
 * - a local time repeated when clocks go back is read as the second occurrence the second time;
 * - gaps (a missing interval) are reported as warnings and left as gaps: consumers carry the
 *   last known price forward only as far as they choose to.
 */
import { splitCsvLine as splitLine } from "@rigshift/hardware";
import { localToUtcMs } from "./timezone";

export type TPriceKind = "ELECTRICITY" | "HASHPRICE" | "COIN" | "GPU_RENTAL";

export interface TSeriesSpec {
  /** Column holding the value. */
  column: string;
  /** Series key; "{group}" is replaced by the group column's value (long formats). */
  key: string;
  kind: TPriceKind;
  unit: string;
  zone?: string;
  allowNegative?: boolean;
}

export interface TCsvFormat {
  name: string;
  timeColumn: string;
  /** IANA zone of naive timestamps ("America/Chicago" for ERCOT's CPT); ISO times with an offset ignore it. */
  timeZone: string;
  intervalSeconds: number;
  /** Long format: one row per (time, group); each group becomes its own series. */
  groupColumns?: string[];
  series: TSeriesSpec[];
}

export const CSV_FORMATS: Record<string, TCsvFormat> = {
  "ercot-15min": {
    name: "ERCOT settlement point prices, 15-minute, Central Prevailing Time",
    timeColumn: "interval_start_cpt",
    timeZone: "America/Chicago",
    intervalSeconds: 900,
    series: [
      { column: "hb_south_dam_usd_mwh", key: "electricity:ERCOT:HB_SOUTH:dam", kind: "ELECTRICITY", unit: "USD/MWh", zone: "ERCOT:HB_SOUTH", allowNegative: true },
      { column: "hb_south_rtm_usd_mwh", key: "electricity:ERCOT:HB_SOUTH:rtm", kind: "ELECTRICITY", unit: "USD/MWh", zone: "ERCOT:HB_SOUTH", allowNegative: true },
    ],
  },
  "btc-daily": {
    name: "Bitcoin daily price and hashprice (subsidy only), UTC days",
    timeColumn: "date",
    timeZone: "UTC",
    intervalSeconds: 86_400,
    series: [
      { column: "hashprice_subsidy_usd_per_th_day", key: "hashprice:BTC", kind: "HASHPRICE", unit: "USD/TH/day" },
      { column: "price_usd", key: "coin:BTC", kind: "COIN", unit: "USD/coin" },
    ],
  },
  "gpu-rental-30min": {
    name: "GPU rental marketplace prices, median USD per GPU-hour, every 30 min",
    timeColumn: "timestamp",
    timeZone: "UTC",
    intervalSeconds: 1800,
    groupColumns: ["gpu_type", "socket_type"],
    series: [{ column: "usd_per_gpu_hr_median", key: "gpu_rental:{group}", kind: "GPU_RENTAL", unit: "USD/GPU-hour" }],
  },
};

export interface TParsedSeries {
  key: string;
  kind: TPriceKind;
  unit: string;
  zone?: string;
  intervalSeconds: number;
  /** Sorted by time; value in USD per unit (not yet micro-dollars). */
  points: { atMs: number; value: number }[];
}

export interface TCsvResult {
  series: TParsedSeries[];
  rows: number;
  warnings: string[];
}

export class PriceCsvError extends Error {
  constructor(readonly problems: string[]) {
    super(`price file rejected, nothing imported:\n  ${problems.slice(0, 20).join("\n  ")}${problems.length > 20 ? `\n  … and ${problems.length - 20} more` : ""}`);
  }
}

const NAIVE = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?$/;

function parseTime(text: string, timeZone: string, later: boolean): number | undefined {
  const naive = NAIVE.exec(text);
  if (naive) {
    const [, y, mo, d, h = "0", mi = "0", s = "0"] = naive;
    return localToUtcMs({ y: +y!, mo: +mo!, d: +d!, h: +h, mi: +mi, s: +s }, timeZone, later);
  }
  if (/^\d{4}-\d{2}-\d{2}T.*(Z|[+-]\d{2}:?\d{2})$/.test(text)) {
    const ms = Date.parse(text);
    return Number.isFinite(ms) ? ms : undefined;
  }
  return undefined;
}

export function parsePriceCsv(text: string, format: TCsvFormat): TCsvResult {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== "");
  const header = lines[0] ? splitLine(lines[0].replace(/^\uFEFF/, "")) : [];
  const problems: string[] = [];
  const need = [format.timeColumn, ...(format.groupColumns ?? []), ...format.series.map((s) => s.column)];
  const missing = need.filter((c) => !header.includes(c));
  if (missing.length) throw new PriceCsvError([`missing column(s) ${missing.join(", ")}; the file has: ${header.join(", ") || "(no header)"}`]);
  const col = (name: string) => header.indexOf(name);
  const series = new Map<string, TParsedSeries>();
  const seenAt = new Map<string, Map<number, number>>(); // key -> atMs -> row
  const seenLocal = new Map<string, number>(); // naive time text + group -> count (for clocks going back)

  for (let r = 1; r < lines.length; r++) {
    const row = r + 1; // 1-based, header is row 1
    const cells = splitLine(lines[r]!);
    if (cells.length !== header.length) {
      problems.push(`row ${row}: ${cells.length} fields, the header has ${header.length}`);
      continue;
    }
    const group = (format.groupColumns ?? []).map((g) => cells[col(g)]).join(":");
    const timeText = cells[col(format.timeColumn)]!;
    const localKey = `${group}|${timeText}`;
    const repeats = seenLocal.get(localKey) ?? 0;
    seenLocal.set(localKey, repeats + 1);
    const atMs = parseTime(timeText, format.timeZone, repeats > 0);
    if (atMs === undefined) {
      problems.push(`row ${row}: ${format.timeColumn} "${timeText}" is not a date/time`);
      continue;
    }
    for (const spec of format.series) {
      const key = spec.key.replace("{group}", group);
      const raw = cells[col(spec.column)]!;
      const value = raw === "" ? Number.NaN : Number(raw);
      if (!Number.isFinite(value)) {
        problems.push(`row ${row}: ${spec.column} "${raw}" is not a number`);
        continue;
      }
      if (value < 0 && !spec.allowNegative) {
        problems.push(`row ${row}: ${spec.column} is negative (${value}); only electricity prices may be`);
        continue;
      }
      const byAt = seenAt.get(key) ?? new Map<number, number>();
      seenAt.set(key, byAt);
      const earlier = byAt.get(atMs);
      if (earlier !== undefined) {
        problems.push(`row ${row}: duplicate time ${new Date(atMs).toISOString()} for ${key} (first at row ${earlier})`);
        continue;
      }
      byAt.set(atMs, row);
      let s = series.get(key);
      if (!s) {
        s = { key, kind: spec.kind, unit: spec.unit, zone: spec.zone, intervalSeconds: format.intervalSeconds, points: [] };
        series.set(key, s);
      }
      s.points.push({ atMs, value });
    }
  }
  if (problems.length) throw new PriceCsvError(problems);
  if (lines.length < 2) throw new PriceCsvError(["the file has a header but no rows"]);

  const warnings: string[] = [];
  for (const s of series.values()) {
    s.points.sort((a, b) => a.atMs - b.atMs);
    let gaps = 0;
    let largestMs = 0;
    for (let i = 1; i < s.points.length; i++) {
      const step = s.points[i]!.atMs - s.points[i - 1]!.atMs;
      if (step > s.intervalSeconds * 1000 * 1.5) {
        gaps += 1;
        largestMs = Math.max(largestMs, step);
      }
    }
    if (gaps) warnings.push(`${s.key}: ${gaps} gap(s), the largest ${Math.round(largestMs / 60_000)} min`);
  }
  return { series: [...series.values()], rows: lines.length - 1, warnings };
}
