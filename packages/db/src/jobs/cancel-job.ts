import { recordAudit, type TActor } from "../audit/record-audit";
import type { Database } from "../client";
import { conflict, notFound } from "../errors";
import { JOB_SELECT, jobShape } from "./job-shape";
import { ACTIVE_JOB_STATUSES, type TJob } from "./types";

/**
 * Cancels a queued, placed or running job: status CANCELLED, its active placements ended
 * (endedAt, activeJobId = null), and the job removed from the desired state of the rigs running
 * it (next generation), so agents stop it now rather than at the next scheduler epoch.
 * With `customer` (a public API caller) only that customer's API-submitted jobs can be cancelled.
 */
export async function cancelJob({ db, actor, jobId, customer, now }: { db: Database; actor: TActor; jobId: number; customer?: string; now: Date }): Promise<TJob> {
  return db.prisma.$transaction(async (tx) => {
    const job = await tx.aiJob.findUnique({ where: { id: jobId }, select: { id: true, status: true, apiKey: { select: { customer: true } } } });
    if (!job || (customer !== undefined && job.apiKey?.customer !== customer)) throw notFound(`job ${jobId}`);
    if (!ACTIVE_JOB_STATUSES.includes(job.status)) throw conflict(`job ${jobId} is already ${job.status.toLowerCase()}`);
    const active = await tx.placement.findMany({ where: { jobId, endedAt: null }, select: { id: true, rigId: true } });
    await tx.placement.updateMany({ where: { jobId, endedAt: null }, data: { endedAt: now, endReason: "cancelled", activeJobId: null } });
    for (const rigId of new Set(active.map((p) => p.rigId))) {
      const desired = await tx.desiredState.findUnique({ where: { rigId }, select: { jobs: true } });
      const jobs = (desired?.jobs ?? []) as { jobId: number; gpuIndices: number[] }[];
      if (jobs.some((j) => j.jobId === jobId))
        await tx.desiredState.update({ where: { rigId }, data: { jobs: jobs.filter((j) => j.jobId !== jobId), generation: { increment: 1 } } });
    }
    const row = await tx.aiJob.update({ where: { id: jobId }, data: { status: "CANCELLED", finishedAt: now }, select: JOB_SELECT });
    await recordAudit(tx, {
      actor,
      action: "job.cancel",
      targetType: "job",
      targetId: jobId,
      before: { status: job.status, activePlacements: active.map((p) => p.id) },
      after: { status: "CANCELLED" },
      at: now,
    });
    return jobShape(row);
  });
}
