/**
 * A printable one-page summary (A4, pdfkit): the period, zone and currency, the totals table, and
 * the largest groups by revenue (the rest summed as "Others", so the groups add up to the total).
 * Shown in whole cents; the exact figures are in the CSV and XLSX.
 */
import type { Writable } from "node:stream";
import PDFDocument from "pdfkit";
import { microToCents } from "./money";
import { FIGURE_COLUMNS } from "./report-columns";
import { isoInZone } from "./time";
import { addFigures, CURRENCY, derived, emptyFigures, type TReportFigures, type TReportParams, type TReportRow } from "./types";

const TOP_GROUPS = 12;

export async function writePdf({
  rows,
  params,
  out,
  now,
  onRow,
}: {
  rows: AsyncIterable<TReportRow>;
  params: TReportParams;
  out: Writable;
  now: Date;
  onRow?: () => void;
}): Promise<{ rows: number }> {
  const totals = emptyFigures();
  const groups = new Map<string, { label: string; f: TReportFigures }>();
  let count = 0;
  for await (const row of rows) {
    addFigures(totals, row);
    let g = groups.get(row.groupKey);
    if (!g) {
      g = { label: row.groupLabel, f: emptyFigures() };
      groups.set(row.groupKey, g);
    }
    addFigures(g.f, row);
    count += 1;
    onRow?.();
  }

  const doc = new PDFDocument({ size: "A4", margin: 40, info: { Title: "Rigshift profitability summary", Author: "Rigshift" } });
  const done = new Promise<void>((resolve, reject) => {
    out.on("finish", resolve);
    out.on("error", reject);
  });
  doc.pipe(out);
  const left = 40;
  const width = 515;
  doc.font("Helvetica-Bold").fontSize(16).text("Rigshift profitability summary", left, 40);
  doc.font("Helvetica").fontSize(9).fillColor("#444");
  doc.text(`Period: ${isoInZone(params.from.getTime(), params.timeZone)} to ${isoInZone(params.to.getTime(), params.timeZone)} (end exclusive)`);
  doc.text(`Time zone: ${params.timeZone}   Currency: ${CURRENCY} (amounts in whole cents; exact figures in the CSV/XLSX export)`);
  doc.text(`Grouping: ${params.groupBy}, ${params.granularity}   Report rows: ${count}   Generated: ${now.toISOString()}`);
  doc.fillColor("#000").moveDown(0.8);

  // Totals: label, value.
  doc.font("Helvetica-Bold").fontSize(11).text("Totals");
  doc.moveDown(0.3);
  const d = derived(totals);
  doc.fontSize(9);
  for (const c of FIGURE_COLUMNS) {
    const v = c.value(totals, d);
    const y = doc.y;
    doc.font(c.key === "marginUsd" || c.key === "upliftUsd" ? "Helvetica-Bold" : "Helvetica");
    doc.text(c.kind === "usd" ? `${c.title} (${CURRENCY})` : c.title, left, y, { width: 300 });
    doc.text(typeof v === "bigint" ? microToCents(v) : v.toLocaleString("en-US", { maximumFractionDigits: 2 }), left + 300, y, { width: 150, align: "right" });
    doc.moveDown(0.15);
  }

  // Largest groups by revenue.
  doc.moveDown(0.8);
  doc.font("Helvetica-Bold").fontSize(11).text(`By ${params.groupBy} (largest ${TOP_GROUPS} by revenue)`, left);
  doc.moveDown(0.3);
  const sorted = [...groups.values()].sort((a, b) => {
    const ra = a.f.miningRevenueMicroUsd + a.f.aiRevenueMicroUsd;
    const rb = b.f.miningRevenueMicroUsd + b.f.aiRevenueMicroUsd;
    return ra === rb ? a.label.localeCompare(b.label) : rb > ra ? 1 : -1;
  });
  const shown = sorted.slice(0, TOP_GROUPS);
  const rest = sorted.slice(TOP_GROUPS).reduce((acc, g) => addFigures(acc, g.f), emptyFigures());
  const cols = [
    { title: "Group", w: 155, get: (_f: TReportFigures, label: string) => label },
    { title: "Revenue", w: 90, get: (f: TReportFigures) => microToCents(derived(f).revenueMicroUsd) },
    { title: "Energy cost", w: 90, get: (f: TReportFigures) => microToCents(f.energyCostMicroUsd) },
    { title: "Margin", w: 90, get: (f: TReportFigures) => microToCents(derived(f).marginMicroUsd) },
    { title: "Uplift", w: 90, get: (f: TReportFigures) => microToCents(derived(f).upliftMicroUsd) },
  ];
  const tableRow = (cells: string[], bold: boolean) => {
    const y = doc.y;
    let x = left;
    doc.font(bold ? "Helvetica-Bold" : "Helvetica").fontSize(8.5);
    cells.forEach((text, i) => {
      doc.text(text, x, y, { width: cols[i]!.w - 6, align: i === 0 ? "left" : "right", lineBreak: false, ellipsis: true });
      x += cols[i]!.w;
    });
    doc.moveDown(0.25);
  };
  tableRow(
    cols.map((c) => (c.title === "Group" ? c.title : `${c.title} (${CURRENCY})`)),
    true,
  );
  doc
    .moveTo(left, doc.y)
    .lineTo(left + width, doc.y)
    .strokeColor("#999")
    .stroke();
  doc.moveDown(0.2);
  for (const g of shown)
    tableRow(
      cols.map((c) => c.get(g.f, g.label)),
      false,
    );
  if (sorted.length > TOP_GROUPS)
    tableRow(
      cols.map((c) => c.get(rest, `Others (${sorted.length - TOP_GROUPS})`)),
      false,
    );
  tableRow(
    cols.map((c) => c.get(totals, "Total")),
    true,
  );

  doc.end();
  await done;
  return { rows: count };
}
