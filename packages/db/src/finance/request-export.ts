/**
 * Records a request for a report file: an ExportJob the export worker picks up (the caller
 * enqueues it). The file goes under `exportDir` with an unguessable name; the person who asked
 * downloads it under a readable one.
 */
import { randomUUID } from "node:crypto";
import path from "node:path";
import type { Database } from "../client";
import { conflict, invalid } from "../errors";
import type { ExportFormat } from "../generated/prisma/enums";
import { EXPORT_JOB_SELECT, exportJobShape, type TExportJob } from "./export-job-shape";
import { localDate } from "./time";
import { paramsToJson, type TReportParams } from "./types";

/** Longest period one export covers. */
export const MAX_EXPORT_DAYS = 400;
/** Exports one person may have waiting or running at once. */
export const MAX_PENDING_EXPORTS = 5;
const EXT: Record<ExportFormat, string> = { CSV: "csv", XLSX: "xlsx", PDF: "pdf" };

export async function requestExport({
  db,
  userId,
  format,
  params,
  exportDir,
}: {
  db: Database;
  userId: number;
  format: ExportFormat;
  params: TReportParams;
  exportDir: string;
}): Promise<TExportJob> {
  if (!(params.to > params.from)) throw invalid("the period must end after it starts");
  if (params.to.getTime() - params.from.getTime() > MAX_EXPORT_DAYS * 86_400_000) throw invalid(`an export covers at most ${MAX_EXPORT_DAYS} days`);
  const pending = await db.prisma.exportJob.count({ where: { requestedById: userId, status: { in: ["QUEUED", "RUNNING"] } } });
  if (pending >= MAX_PENDING_EXPORTS) throw conflict(`you already have ${pending} exports waiting or running; wait for one to finish`);
  const ext = EXT[format];
  const tz = params.timeZone;
  const fileName = `rigshift-finance_${params.groupBy}-by-${params.granularity}_${localDate(params.from.getTime(), tz)}_${localDate(params.to.getTime() - 1, tz)}.${ext}`;
  const filePath = path.resolve(exportDir, `finance-${randomUUID()}.${ext}`);
  const job = await db.prisma.exportJob.create({
    data: { requestedById: userId, format, params: paramsToJson(params), filePath, fileName },
    select: EXPORT_JOB_SELECT,
  });
  return exportJobShape(job);
}
