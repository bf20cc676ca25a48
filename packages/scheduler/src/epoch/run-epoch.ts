import type { Database } from "@rigshift/db";
import { claimRun } from "./claim-run";

export interface TEpochResult {
  runId: number | null;
  rigsSeen: number;
  changes: number;
}

/**
 * One scheduler epoch: claim it, read the fleet, decide, write decisions and desired states.
 * Idempotent per epoch (see claimRun). This version records each rig's current mode.
 */
export async function runEpoch({ db, epochStart, workerId, now }: { db: Database; epochStart: Date; workerId: string; now: Date }): Promise<TEpochResult> {
  const runId = await claimRun({ db: db.prisma, epochStart, workerId, now, staleAfterMs: 5 * 60_000 });
  if (runId === null) return { runId: null, rigsSeen: 0, changes: 0 };
  try {
    const rigs = await db.prisma.rig.findMany({
      where: { lifecycle: { not: "RETIRED" } },
      select: { id: true, state: { select: { mode: true, workload: true } }, desiredState: { select: { mode: true, workload: true } } },
    });
    await db.prisma.decision.deleteMany({ where: { runId } });
    await db.prisma.decision.createMany({
      data: rigs.map((r) => {
        const mode = r.state?.mode ?? r.desiredState?.mode ?? "IDLE";
        const workload = r.state?.workload ?? r.desiredState?.workload ?? null;
        return {
          runId,
          rigId: r.id,
          at: epochStart,
          mode,
          workload,
          expectedMicroUsdPerHour: 0n,
          reasonCode: r.state ? "observed" : "no_report",
          reason: r.state ? `rig reports ${mode.toLowerCase()}${workload ? ` (${workload})` : ""}` : "rig has not reported yet",
        };
      }),
    });
    await db.prisma.schedulerRun.update({ where: { id: runId }, data: { finishedAt: new Date(), rigsSeen: rigs.length, changes: 0 } });
    return { runId, rigsSeen: rigs.length, changes: 0 };
  } catch (error) {
    await db.prisma.schedulerRun.update({ where: { id: runId }, data: { error: String((error as Error).message).slice(0, 1000) } }).catch(() => {});
    throw error;
  }
}
