/** Shared steps of the operator's rig actions (pin, release, maintenance, restart). */
import type { DbOrTx } from "../client";
import { invalid, notFound } from "../errors";
import type { RigGetPayload } from "../generated/prisma/models";
import type { TMode } from "./types";

/** Most rigs one bulk action may touch: a page of the rigs table. */
export const MAX_BULK_RIGS = 200;

const RIG_FOR_ACTION = {
  id: true,
  hostname: true,
  lifecycle: true,
  workloads: true,
  pinnedMode: true,
  pinnedWorkload: true,
  pinnedUntil: true,
  desiredState: { select: { generation: true, mode: true, workload: true, source: true, jobs: true } },
  placements: { where: { endedAt: null }, select: { id: true, jobId: true, job: { select: { name: true, preemptible: true, status: true } } } },
} as const;

export type TRigForAction = RigGetPayload<{ select: typeof RIG_FOR_ACTION }>;

export async function loadRigsForAction(tx: DbOrTx, rigIds: number[]): Promise<TRigForAction[]> {
  const ids = [...new Set(rigIds)];
  if (ids.length === 0) throw invalid("choose at least one rig", [{ path: "rigIds", message: "choose at least one rig" }]);
  if (ids.length > MAX_BULK_RIGS) throw invalid(`at most ${MAX_BULK_RIGS} rigs per action`, [{ path: "rigIds", message: `at most ${MAX_BULK_RIGS} rigs per action` }]);
  const rigs = await tx.rig.findMany({ where: { id: { in: ids }, lifecycle: { not: "RETIRED" } }, select: RIG_FOR_ACTION, orderBy: { hostname: "asc" } });
  if (rigs.length !== ids.length) {
    const found = new Set(rigs.map((r) => r.id));
    throw notFound(`rig ${ids.find((id) => !found.has(id))}`);
  }
  return rigs;
}

/** A new desired state for the agent: the generation goes up, so the agent converges to it. */
export async function writeDesired(
  tx: DbOrTx,
  rigId: number,
  d: { mode: TMode; workload: string | null; jobs?: { jobId: number; gpuIndices: number[] }[]; source: "DEFAULT" | "SCHEDULER" | "OPERATOR" },
) {
  const data = { mode: d.mode, workload: d.workload, params: {}, jobs: d.jobs ?? [], source: d.source, decisionId: null };
  return tx.desiredState.upsert({
    where: { rigId },
    create: { rigId, ...data },
    update: { ...data, generation: { increment: 1 } },
    select: { generation: true, mode: true, workload: true, source: true },
  });
}

/**
 * Takes preemptible AI jobs off a rig that an operator moves out of AI work: their placements
 * end and the jobs go back to the queue for the scheduler to place elsewhere.
 */
export async function preemptPlacements(tx: DbOrTx, rig: TRigForAction, reason: string, now: Date) {
  if (!rig.placements.length) return;
  await tx.placement.updateMany({ where: { id: { in: rig.placements.map((p) => p.id) } }, data: { endedAt: now, endReason: reason, activeJobId: null } });
  await tx.aiJob.updateMany({ where: { id: { in: rig.placements.map((p) => p.jobId) }, status: { in: ["PLACED", "RUNNING"] } }, data: { status: "QUEUED" } });
}

export function nonPreemptible(rig: TRigForAction) {
  return rig.placements.filter((p) => !p.job.preemptible);
}

export const desiredSummary = (rig: TRigForAction) => rig.desiredState && { mode: rig.desiredState.mode, workload: rig.desiredState.workload, source: rig.desiredState.source };
export const pinSummary = (rig: TRigForAction) => ({ mode: rig.pinnedMode, workload: rig.pinnedWorkload, until: rig.pinnedUntil });
