/** Export files are kept for a week: older jobs and their files are removed (the finance worker runs this on its schedule). */
import { rm } from "node:fs/promises";
import type { Database } from "../client";

export const EXPORT_KEEP_DAYS = 7;

export async function purgeExports({ db, now, keepDays = EXPORT_KEEP_DAYS }: { db: Database; now: Date; keepDays?: number }): Promise<{ removed: number }> {
  const before = new Date(now.getTime() - keepDays * 86_400_000);
  const old = await db.prisma.exportJob.findMany({ where: { createdAt: { lt: before }, status: { in: ["SUCCEEDED", "FAILED"] } }, select: { id: true, filePath: true } });
  for (const job of old) {
    await rm(job.filePath, { force: true });
    await rm(`${job.filePath}.part`, { force: true });
  }
  const { count } = await db.prisma.exportJob.deleteMany({ where: { id: { in: old.map((j) => j.id) } } });
  return { removed: count };
}
