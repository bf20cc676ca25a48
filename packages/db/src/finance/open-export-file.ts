/**
 * The finished file of an export, for its owner only: checks the owner, the status, that the path
 * lies inside the export directory, and that the file is there.
 */
import { stat } from "node:fs/promises";
import path from "node:path";
import type { Database } from "../client";
import { conflict, notFound } from "../errors";

const CONTENT_TYPES = {
  CSV: "text/csv; charset=utf-8",
  XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  PDF: "application/pdf",
} as const;

export async function openExportFile({
  db,
  userId,
  id,
  exportDir,
}: {
  db: Database;
  userId: number;
  id: number;
  exportDir: string;
}): Promise<{ path: string; fileName: string; bytes: number; contentType: string }> {
  const job = await db.prisma.exportJob.findFirst({ where: { id, requestedById: userId }, select: { status: true, filePath: true, fileName: true, format: true } });
  if (!job) throw notFound("export");
  if (job.status !== "SUCCEEDED") throw conflict(`the export is ${job.status.toLowerCase()}, not ready`);
  const root = path.resolve(exportDir);
  const file = path.resolve(job.filePath);
  if (!file.startsWith(root + path.sep)) throw notFound("export file");
  const info = await stat(file).catch(() => null);
  if (!info?.isFile()) throw notFound("export file (it may have expired)");
  return { path: file, fileName: job.fileName, bytes: info.size, contentType: CONTENT_TYPES[job.format] };
}
