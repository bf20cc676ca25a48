import type { Database } from "../client";
import { notFound } from "../errors";
import { JOB_SELECT, jobShape } from "./job-shape";
import type { TJob } from "./types";

/**
 * One job with its placements. With `customer` (a public API caller), only jobs submitted with
 * that customer's API keys are visible: others answer "not found", never "forbidden".
 */
export async function getJob({ db, jobId, customer }: { db: Database; jobId: number; customer?: string }): Promise<TJob> {
  const job = await db.prisma.aiJob.findUnique({ where: { id: jobId }, select: JOB_SELECT });
  if (!job || (customer !== undefined && job.apiKey?.customer !== customer)) throw notFound(`job ${jobId}`);
  return jobShape(job);
}
