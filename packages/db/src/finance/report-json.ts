/** The report as the JSON API and the Reports page see it: explicit currency and zone, exact money strings. */

import type { TLedgerReport } from "./ledger-report";
import { FIGURE_COLUMNS, figuresJson } from "./report-columns";
import { isoInZone } from "./time";
import { CURRENCY } from "./types";

export interface TLedgerReportJson {
  currency: typeof CURRENCY;
  timeZone: string;
  from: string;
  to: string;
  groupBy: string;
  granularity: string;
  /** Column keys with their titles and kinds, in display order. */
  columns: { key: string; title: string; kind: string }[];
  rows: ({ periodStart: string; periodEnd: string; groupKey: string; groupLabel: string } & Record<string, string | number>)[];
  totals: Record<string, string | number>;
}

export function reportJson(r: TLedgerReport): TLedgerReportJson {
  const at = (d: Date) => isoInZone(d.getTime(), r.timeZone);
  return {
    currency: CURRENCY,
    timeZone: r.timeZone,
    from: at(r.from),
    to: at(r.to),
    groupBy: r.groupBy,
    granularity: r.granularity,
    columns: FIGURE_COLUMNS.map(({ key, title, kind }) => ({ key, title, kind })),
    rows: r.rows.map((row) => ({ periodStart: at(row.periodStart), periodEnd: at(row.periodEnd), groupKey: row.groupKey, groupLabel: row.groupLabel, ...figuresJson(row) })),
    totals: figuresJson(r.totals),
  };
}
