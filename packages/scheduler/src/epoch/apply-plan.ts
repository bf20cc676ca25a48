/**
 * Writes an epoch's plan: decisions (with their explanations), placements, and new desired-state
 * generations for the rigs whose work changes. One transaction, serialised across workers by an
 * advisory lock; Placement.activeJobId (unique) makes one job on two rigs impossible regardless.
 */
import type { Database } from "@rigshift/db";
import type { EnginePlan, RigDecision } from "../engine";

/** Arbitrary constant: the lock every scheduler worker takes to write a plan (tests hold it to catch a worker mid-epoch). */
export const APPLY_LOCK = 7_301_734;

const micro = (usd: number) => BigInt(Math.round(usd * 1e6));

export interface TExtraDecision {
  rigId: number;
  mode: "MINE" | "AI" | "IDLE";
  workload: string | null;
  reasonCode: string;
  reason: string;
}

export async function applyPlan({ db, runId, epochStart, plan, extra }: { db: Database; runId: number; epochStart: Date; plan: EnginePlan; extra: TExtraDecision[] }) {
  return db.prisma.$transaction(
    async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(${APPLY_LOCK})`;
      await tx.decision.deleteMany({ where: { runId } });
      await tx.decision.createMany({
        data: [
          ...plan.decisions.map((d) => ({
            runId,
            rigId: d.rigId,
            at: epochStart,
            mode: d.mode,
            workload: d.workload,
            jobIds: d.jobIds,
            expectedMicroUsdPerHour: micro(d.expectedUsdPerHour),
            revenueMicroUsdPerHour: micro(d.revenueUsdPerHour),
            energyMicroUsdPerHour: micro(d.energyUsdPerHour),
            powerW: d.powerW,
            alternatives: d.alternatives.map((a) => ({ mode: a.mode, workload: a.workload, jobId: a.jobId, microUsdPerHour: String(micro(a.usdPerHour)), rejected: a.rejected })),
            reasonCode: d.reasonCode,
            reason: d.reason,
            changed: d.changed,
          })),
          ...extra.map((e) => ({
            runId,
            rigId: e.rigId,
            at: epochStart,
            mode: e.mode,
            workload: e.workload,
            expectedMicroUsdPerHour: 0n,
            reasonCode: e.reasonCode,
            reason: e.reason,
          })),
        ],
      });

      // Placements: end the ones the plan no longer has, start the new ones. Only rigs the engine
      // decided are touched: a rig it did not see (a site without a price) keeps its jobs.
      const planned = new Map(plan.placements.map((p) => [p.jobId, p]));
      const decided = plan.decisions.map((d) => d.rigId);
      const active = await tx.placement.findMany({ where: { endedAt: null, rigId: { in: decided } }, select: { id: true, jobId: true, rigId: true, gpuIndices: true } });
      const now = new Date();
      for (const a of active) {
        const p = planned.get(a.jobId);
        if (p && p.rigId === a.rigId && sameGpus(p.gpuIndices, a.gpuIndices)) {
          planned.delete(a.jobId);
          continue;
        }
        await tx.placement.update({ where: { id: a.id }, data: { endedAt: now, activeJobId: null, endReason: p ? "moved" : "preempted" } });
        if (!p) await tx.aiJob.updateMany({ where: { id: a.jobId, status: { in: ["PLACED", "RUNNING"] } }, data: { status: "QUEUED" } });
      }
      for (const p of planned.values()) {
        await tx.placement.create({ data: { jobId: p.jobId, rigId: p.rigId, gpuIndices: p.gpuIndices, activeJobId: p.jobId, startedAt: now } });
        await tx.aiJob.updateMany({ where: { id: p.jobId, status: "QUEUED" }, data: { status: "PLACED" } });
      }

      // Desired states: a new generation only where the work changes.
      const byRig = new Map(plan.placements.map((p) => [p.rigId, [] as { jobId: number; gpuIndices: number[] }[]]));
      for (const p of plan.placements) byRig.get(p.rigId)?.push({ jobId: p.jobId, gpuIndices: p.gpuIndices });
      let changes = 0;
      for (const d of plan.decisions) {
        if (!d.changed) continue;
        changes += 1;
        await upsertDesired(tx, d, byRig.get(d.rigId) ?? []);
      }
      return { changes };
    },
    { timeout: 60_000, maxWait: 30_000 },
  );
}

type Tx = Parameters<Parameters<Database["prisma"]["$transaction"]>[0]>[0];

async function upsertDesired(tx: Tx, d: RigDecision, jobs: { jobId: number; gpuIndices: number[] }[]) {
  // A pinned rig's state is the operator's choice, carried out by the scheduler.
  const source = d.reasonCode === "PINNED" ? ("OPERATOR" as const) : ("SCHEDULER" as const);
  const data = { mode: d.mode, workload: d.workload, jobs, source, params: {} };
  await tx.desiredState.upsert({
    where: { rigId: d.rigId },
    create: { rigId: d.rigId, generation: 1, ...data },
    update: { ...data, generation: { increment: 1 } },
  });
}

function sameGpus(a: number[], b: number[]) {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
