/** Export jobs of one person: the list the Reports page polls, one job, and marking a failed enqueue. */
import type { Database } from "../client";
import { notFound } from "../errors";
import { EXPORT_JOB_SELECT, exportJobShape, type TExportJob } from "./export-job-shape";

export async function listExportJobs({ db, userId, limit = 20 }: { db: Database; userId: number; limit?: number }): Promise<TExportJob[]> {
  const rows = await db.prisma.exportJob.findMany({ where: { requestedById: userId }, orderBy: { id: "desc" }, take: limit, select: EXPORT_JOB_SELECT });
  return rows.map(exportJobShape);
}

/** A job of `userId`; anyone else's is "not found" (its existence is not disclosed). */
export async function getExportJob({ db, userId, id }: { db: Database; userId: number; id: number }): Promise<TExportJob> {
  const row = await db.prisma.exportJob.findFirst({ where: { id, requestedById: userId }, select: EXPORT_JOB_SELECT });
  if (!row) throw notFound("export");
  return exportJobShape(row);
}

/** The queue refused the job: say so on the job rather than leave it waiting forever. */
export async function failExportJob({ db, id, error }: { db: Database; id: number; error: string }): Promise<void> {
  await db.prisma.exportJob.update({ where: { id }, data: { status: "FAILED", error: error.slice(0, 500), finishedAt: new Date() } });
}
