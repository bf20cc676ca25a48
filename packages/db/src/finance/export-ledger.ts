/**
 * Writes a report file (CSV, XLSX or PDF) for a period, streaming rows from the ledger: bounded
 * memory whatever the size. The file appears under its name only once complete (written to
 * `<file>.part`, then renamed), so a reader never sees half a file.
 */
import { once } from "node:events";
import { createWriteStream } from "node:fs";
import { mkdir, rename, rm, stat } from "node:fs/promises";
import path from "node:path";
import type { Writable } from "node:stream";
import type { Database } from "../client";
import { csvChunks } from "./export-csv";
import { writePdf } from "./export-pdf";
import { writeXlsx } from "./export-xlsx";
import { reportRows } from "./report-rows";
import type { TReportParams } from "./types";

export type TExportFormat = "CSV" | "XLSX" | "PDF";

export const CONTENT_TYPES: Record<TExportFormat, string> = {
  CSV: "text/csv; charset=utf-8",
  XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  PDF: "application/pdf",
};

async function write(out: Writable, text: string) {
  if (!out.write(text)) await once(out, "drain");
}

export async function exportLedgerFile({
  db,
  format,
  file,
  params,
  now = new Date(),
  onProgress,
}: {
  db: Database;
  format: TExportFormat;
  file: string;
  params: TReportParams;
  now?: Date;
  /** Fraction done, 0..1 (slices of the period read), and rows written so far. */
  onProgress?: (fraction: number, rows: number) => void;
}): Promise<{ rows: number; bytes: number }> {
  await mkdir(path.dirname(file), { recursive: true });
  const part = `${file}.part`;
  const out = createWriteStream(part);
  const closed = once(out, "close");
  let rowsSoFar = 0;
  const onRow = () => {
    rowsSoFar += 1;
  };
  const rows = reportRows({ db, params, onProgress: (done, total) => onProgress?.(done / total, rowsSoFar) });
  try {
    let count: number;
    if (format === "CSV") {
      for await (const chunk of csvChunks(rows, params, onRow)) await write(out, chunk);
      out.end();
      count = rowsSoFar;
    } else if (format === "XLSX") {
      count = (await writeXlsx({ rows, params, out, now, onRow })).rows;
    } else {
      count = (await writePdf({ rows, params, out, now, onRow })).rows;
    }
    await closed;
    await rename(part, file);
    return { rows: count, bytes: (await stat(file)).size };
  } catch (error) {
    out.destroy();
    await rm(part, { force: true });
    throw error;
  }
}
