/**
 * The export worker's handler: writes the job's file and keeps its status and progress current
 * for the page that polls it. Idempotent: a finished job is left alone; a retried one starts over
 * (the file is written under a temporary name and renamed when complete).
 */
import type { Database } from "../client";
import { invalid, notFound } from "../errors";
import { exportLedgerFile } from "./export-ledger";
import { paramsFromJson, ZReportParams } from "./types";

/** Progress is written at most this often (ms). */
const PROGRESS_EVERY_MS = 1000;

export async function runExportJob({ db, exportJobId, now = () => new Date() }: { db: Database; exportJobId: number; now?: () => Date }) {
  const job = await db.prisma.exportJob.findUnique({ where: { id: exportJobId } });
  if (!job) throw notFound(`export job ${exportJobId}`);
  if (job.status === "SUCCEEDED") return { status: job.status, rows: job.rowsWritten };
  await db.prisma.exportJob.update({ where: { id: job.id }, data: { status: "RUNNING", startedAt: now(), progressPct: 0, rowsWritten: 0, error: null } });
  let last = 0;
  let writing: Promise<unknown> = Promise.resolve();
  try {
    const parsed = ZReportParams.safeParse(job.params);
    if (!parsed.success) throw invalid(`bad export parameters: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
    const params = paramsFromJson(parsed.data);
    const result = await exportLedgerFile({
      db,
      format: job.format,
      file: job.filePath,
      params,
      now: now(),
      onProgress: (fraction, rows) => {
        const t = Date.now();
        if (t - last < PROGRESS_EVERY_MS) return;
        last = t;
        // Never 100 before the file is complete.
        writing = writing.then(() =>
          db.prisma.exportJob.update({ where: { id: job.id }, data: { progressPct: Math.min(99, Math.floor(fraction * 100)), rowsWritten: rows } }).catch(() => {}),
        );
      },
    });
    await writing;
    await db.prisma.exportJob.update({
      where: { id: job.id },
      data: { status: "SUCCEEDED", progressPct: 100, rowsWritten: result.rows, bytes: BigInt(result.bytes), finishedAt: now() },
    });
    return { status: "SUCCEEDED" as const, rows: result.rows };
  } catch (error) {
    await writing;
    await db.prisma.exportJob.update({
      where: { id: job.id },
      data: { status: "FAILED", error: String((error as Error).message).slice(0, 500), finishedAt: now() },
    });
    throw error;
  }
}
