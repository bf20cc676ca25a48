/**
 * The report as a real .xlsx, written by exceljs' streaming WorkbookWriter: rows go to the zip
 * as they come (memory stays flat), in sheets of at most a million rows ("Report", "Report 2", …),
 * then a Summary sheet, which the workbook opens on. Cells are typed: periods are dates (the
 * report zone's wall time; the zone is in the headings), money is numbers in USD shown to the
 * cent, and the last Report row holds the totals, equal to the sum of the rows.
 */
import type { Writable } from "node:stream";
import ExcelJS from "exceljs";
import { FIGURE_COLUMNS } from "./report-columns";
import { wallClock } from "./time";
import { addFigures, CURRENCY, derived, emptyFigures, type TReportFigures, type TReportParams, type TReportRow } from "./types";

/** Excel's limit is 1,048,576 rows a sheet (header and total included). */
export const ROWS_PER_SHEET = 1_000_000;
const USD_FORMAT = "#,##0.00;[Red]-#,##0.00";
const DATE_FORMAT = "yyyy-mm-dd hh:mm";

const toUsd = (micro: bigint) => Number(micro) / 1e6;

function figureCells(f: TReportFigures): (number | string)[] {
  const d = derived(f);
  return FIGURE_COLUMNS.map((c) => {
    const v = c.value(f, d);
    return typeof v === "bigint" ? toUsd(v) : v;
  });
}

function figureColumns() {
  return FIGURE_COLUMNS.map((c) => ({
    header: c.kind === "usd" ? `${c.title} (${CURRENCY})` : c.title,
    width: c.kind === "usd" ? 18 : 14,
    style: { numFmt: c.kind === "usd" ? USD_FORMAT : c.kind === "int" ? "0" : "0.00" },
  }));
}

export async function writeXlsx({
  rows,
  params,
  out,
  now,
  onRow,
  rowsPerSheet = ROWS_PER_SHEET,
}: {
  rows: AsyncIterable<TReportRow>;
  params: TReportParams;
  out: Writable;
  now: Date;
  onRow?: () => void;
  rowsPerSheet?: number;
}): Promise<{ rows: number }> {
  // Fast deflate, stated: level 6 makes files a sixth smaller and takes a third longer to write.
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false, zip: { zlib: { level: 1 } } });
  wb.creator = "Rigshift";
  wb.created = now;
  const tz = params.timeZone;
  const dateColumns = [
    { header: `Period start (${tz})`, width: 18, style: { numFmt: DATE_FORMAT } },
    { header: `Period end (${tz})`, width: 18, style: { numFmt: DATE_FORMAT } },
    { header: "Group key", width: 12 },
    { header: `Group (${params.groupBy})`, width: 24 },
  ];
  const newSheet = (n: number) => {
    const ws = wb.addWorksheet(n === 1 ? "Report" : `Report ${n}`, { views: [{ state: "frozen", ySplit: 1 }] });
    ws.columns = [...dateColumns, ...figureColumns()];
    ws.getRow(1).font = { bold: true };
    return ws;
  };

  // Rows share few distinct periods: convert each once (Intl is the slow part of a row).
  const walls = new Map<number, Date>();
  const wall = (d: Date) => {
    const ms = d.getTime();
    let w = walls.get(ms);
    if (!w) {
      if (walls.size > 10_000) walls.clear();
      w = wallClock(ms, tz);
      walls.set(ms, w);
    }
    return w;
  };
  const totals = emptyFigures();
  let sheets = 1;
  let sheet = newSheet(1);
  let inSheet = 0;
  let count = 0;
  for await (const row of rows) {
    if (inSheet === rowsPerSheet) {
      await sheet.commit();
      sheets += 1;
      sheet = newSheet(sheets);
      inSheet = 0;
    }
    sheet.addRow([wall(row.periodStart), wall(row.periodEnd), row.groupKey, row.groupLabel, ...figureCells(row)]).commit();
    addFigures(totals, row);
    inSheet += 1;
    count += 1;
    onRow?.();
  }
  const total = sheet.addRow([wallClock(params.from.getTime(), tz), wallClock(params.to.getTime(), tz), "TOTAL", "Total", ...figureCells(totals)]);
  total.font = { bold: true };
  total.commit();
  await sheet.commit();

  const summary = wb.addWorksheet("Summary");
  summary.columns = [{ width: 34 }, { width: 26 }];
  const put = (label: string, value: string | number | Date, numFmt?: string) => {
    const r = summary.addRow([label, value]);
    if (numFmt) r.getCell(2).numFmt = numFmt;
    r.commit();
  };
  const title = summary.addRow(["Rigshift profitability report"]);
  title.font = { bold: true, size: 14 };
  title.commit();
  put(`Period start (${tz})`, wallClock(params.from.getTime(), tz), DATE_FORMAT);
  put(`Period end, exclusive (${tz})`, wallClock(params.to.getTime(), tz), DATE_FORMAT);
  put("Time zone", tz);
  put("Currency", CURRENCY);
  put("Grouping", params.groupBy);
  put("Granularity", params.granularity);
  put("Generated (UTC)", new Date(now.getTime()), DATE_FORMAT);
  put("Report rows", count, "0");
  summary.addRow([]).commit();
  const head = summary.addRow(["Total", "Value"]);
  head.font = { bold: true };
  head.commit();
  const d = derived(totals);
  for (const c of FIGURE_COLUMNS) {
    const v = c.value(totals, d);
    put(c.kind === "usd" ? `${c.title} (${CURRENCY})` : c.title, typeof v === "bigint" ? toUsd(v) : v, c.kind === "usd" ? USD_FORMAT : c.kind === "int" ? "0" : "0.00");
  }
  await summary.commit();
  // Open on the summary (the last sheet).
  (wb as unknown as { views: unknown[] }).views = [{ activeTab: sheets, firstSheet: 0, visibility: "visible" }];
  await wb.commit();
  return { rows: count };
}
