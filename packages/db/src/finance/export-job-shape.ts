/** An export job as the UI and the API see it. */
import type { ExportFormat, ExportStatus } from "../generated/prisma/enums";
import type { TReportParamsJson } from "./types";

export interface TExportJob {
  id: number;
  format: ExportFormat;
  params: TReportParamsJson;
  status: ExportStatus;
  progressPct: number;
  rowsWritten: number;
  fileName: string;
  bytes: number | null;
  error: string | null;
  createdAt: string;
  finishedAt: string | null;
  /** Set once the file is ready. */
  downloadUrl: string | null;
}

export const EXPORT_JOB_SELECT = {
  id: true,
  format: true,
  params: true,
  status: true,
  progressPct: true,
  rowsWritten: true,
  fileName: true,
  bytes: true,
  error: true,
  createdAt: true,
  finishedAt: true,
} as const;

type TRow = {
  id: number;
  format: ExportFormat;
  params: unknown;
  status: ExportStatus;
  progressPct: number;
  rowsWritten: number;
  fileName: string;
  bytes: bigint | null;
  error: string | null;
  createdAt: Date;
  finishedAt: Date | null;
};

export function exportJobShape(j: TRow): TExportJob {
  return {
    id: j.id,
    format: j.format,
    params: j.params as TReportParamsJson,
    status: j.status,
    progressPct: j.progressPct,
    rowsWritten: j.rowsWritten,
    fileName: j.fileName,
    bytes: j.bytes === null ? null : Number(j.bytes),
    error: j.error,
    createdAt: j.createdAt.toISOString(),
    finishedAt: j.finishedAt?.toISOString() ?? null,
    downloadUrl: j.status === "SUCCEEDED" ? `/api/v1/finance/exports/${j.id}/download` : null,
  };
}
