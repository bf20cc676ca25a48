import { parseUsdToMicro } from "../money/usd";

export interface TCsvRowError {
  /** 1-based line number in the file (the header is line 1). */
  line: number;
  message: string;
}

export interface TParsedCsv {
  points: { at: Date; valueMicroUsd: bigint }[];
  errors: TCsvRowError[];
}

export const MAX_CSV_ROWS = 100_000;
// An offset is required: a price at a local time without one is ambiguous twice a year.
const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/;
const unquote = (s: string) =>
  s
    .trim()
    .replace(/^"(.*)"$/, "$1")
    .trim();

/** Parses "timestamp,value" CSV (value in dollars); checks every row and reports each bad one. */
export function parsePriceCsv(text: string): TParsedCsv {
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
  while (lines.length && lines.at(-1)!.trim() === "") lines.pop();
  const errors: TCsvRowError[] = [];
  const points: TParsedCsv["points"] = [];
  const header = (lines[0] ?? "").split(",").map((h) => unquote(h).toLowerCase());
  if (header.length !== 2 || header[0] !== "timestamp" || header[1] !== "value") {
    return { points, errors: [{ line: 1, message: `expected the header "timestamp,value", got "${(lines[0] ?? "").slice(0, 60)}"` }] };
  }
  if (lines.length < 2) return { points, errors: [{ line: 2, message: "no rows after the header" }] };
  if (lines.length - 1 > MAX_CSV_ROWS) return { points, errors: [{ line: MAX_CSV_ROWS + 2, message: `at most ${MAX_CSV_ROWS} rows per import` }] };
  const seen = new Map<number, number>();
  for (let i = 1; i < lines.length; i++) {
    const line = i + 1;
    const cells = lines[i]!.split(",").map(unquote);
    if (cells.length !== 2) {
      errors.push({ line, message: `expected 2 columns, got ${cells.length}` });
      continue;
    }
    const [ts, value] = cells as [string, string];
    const at = ISO_WITH_OFFSET.test(ts) ? new Date(ts) : null;
    const micro = parseUsdToMicro(value);
    if (!at || Number.isNaN(at.getTime())) errors.push({ line, message: `timestamp "${ts.slice(0, 40)}" is not ISO 8601 with an offset, e.g. 2026-11-22T14:00:00Z` });
    else if (seen.has(at.getTime())) errors.push({ line, message: `timestamp ${ts} repeats line ${seen.get(at.getTime())}` });
    if (micro === null) errors.push({ line, message: `value "${value.slice(0, 40)}" is not a dollar amount (at most 6 decimals)` });
    if (at && micro !== null && !seen.has(at.getTime())) {
      seen.set(at.getTime(), line);
      points.push({ at, valueMicroUsd: micro });
    }
  }
  return { points: errors.length ? [] : points, errors };
}
