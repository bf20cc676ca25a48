/**
 * The report as CSV text, streamed in chunks: one header line, one line per row, and a last
 * TOTAL line whose money equals the sum of the rows exactly (six decimals, micro-USD). Every
 * line says its currency and time zone; times are ISO-8601 with the zone's offset.
 */
import { microToDecimal } from "./money";
import { FIGURE_COLUMNS, snake } from "./report-columns";
import { isoInZone } from "./time";
import { addFigures, CURRENCY, derived, emptyFigures, type TReportFigures, type TReportParams, type TReportRow } from "./types";

export const CSV_HEADER = ["period_start", "period_end", "time_zone", "group_by", "group_key", "group_label", "currency", ...FIGURE_COLUMNS.map((c) => snake(c.key))];

/** Quotes what needs it; text that a spreadsheet would run as a formula is prefixed with '. */
function field(text: string): string {
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

function line(params: TReportParams, start: string, end: string, key: string, label: string, f: TReportFigures): string {
  const d = derived(f);
  const figures = FIGURE_COLUMNS.map((c) => {
    const v = c.value(f, d);
    return typeof v === "bigint" ? microToDecimal(v) : String(v);
  });
  return [start, end, params.timeZone, params.groupBy, field(key), field(label), CURRENCY, ...figures].join(",");
}

export async function* csvChunks(rows: AsyncIterable<TReportRow>, params: TReportParams, onRow?: () => void): AsyncGenerator<string> {
  const at = new Map<number, string>();
  const iso = (d: Date) => {
    const ms = d.getTime();
    let s = at.get(ms);
    if (!s) {
      if (at.size > 10_000) at.clear();
      s = isoInZone(ms, params.timeZone);
      at.set(ms, s);
    }
    return s;
  };
  const totals = emptyFigures();
  let chunk = `${CSV_HEADER.join(",")}\n`;
  for await (const row of rows) {
    addFigures(totals, row);
    chunk += `${line(params, iso(row.periodStart), iso(row.periodEnd), row.groupKey, row.groupLabel, row)}\n`;
    onRow?.();
    if (chunk.length > 64 * 1024) {
      yield chunk;
      chunk = "";
    }
  }
  chunk += `${line(params, iso(params.from), iso(params.to), "TOTAL", "Total", totals)}\n`;
  yield chunk;
}
