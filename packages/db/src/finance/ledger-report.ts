/**
 * The finance report for a period: ledger sums by bucket (hour, day, ISO week, month in the
 * report's time zone) and group (farm, site, rig model, rig), with totals equal to the sum of
 * the rows. For the page and the JSON API; files stream the same rows (exportLedgerFile).
 */
import type { Database } from "../client";
import { invalid } from "../errors";
import { reportRows } from "./report-rows";
import { addFigures, emptyFigures, type TGranularity, type TGroupBy, type TReportFigures, type TReportRow } from "./types";

/** More rows than this is a file, not a page: the caller is told to export. */
export const MAX_REPORT_ROWS = 20_000;

export interface TLedgerReport {
  from: Date;
  to: Date;
  groupBy: TGroupBy;
  granularity: TGranularity;
  timeZone: string;
  rows: TReportRow[];
  totals: TReportFigures;
}

export async function ledgerReport({
  db,
  from,
  to,
  groupBy,
  granularity,
  timeZone,
  maxRows = MAX_REPORT_ROWS,
}: {
  db: Database;
  from: Date;
  to: Date;
  groupBy: TGroupBy;
  granularity: TGranularity;
  timeZone: string;
  maxRows?: number;
}): Promise<TLedgerReport> {
  if (!(to > from)) throw invalid("the period must end after it starts");
  const rows: TReportRow[] = [];
  const totals = emptyFigures();
  for await (const row of reportRows({ db, params: { from, to, groupBy, granularity, timeZone } })) {
    if (rows.length >= maxRows) throw invalid(`the report has more than ${maxRows} rows: choose a coarser grouping or granularity, or export it`);
    rows.push(row);
    addFigures(totals, row);
  }
  return { from, to, groupBy, granularity, timeZone, rows, totals };
}
