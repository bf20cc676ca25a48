import type { Database } from "@rigshift/db";
import { planEpoch } from "../engine";
import { applyPlan, type TExtraDecision } from "./apply-plan";
import { claimRun } from "./claim-run";
import { loadEngineInput } from "./load-input";

export interface TEpochResult {
  runId: number | null;
  rigsSeen: number;
  changes: number;
  /** Wall time of the phases (ms): reading the fleet and prices, the pure engine, writing the plan. */
  readMs: number;
  engineMs: number;
  writeMs: number;
}

/**
 * One scheduler epoch: claim it (once per epoch across all workers), read the fleet, run the
 * pure engine, write decisions, placements and desired states. A worker killed mid-epoch leaves
 * the run unfinished and nothing half-written (applyPlan is one transaction); it is retried.
 */
export async function runEpoch({
  db,
  epochStart,
  epochSeconds,
  workerId,
  now,
  offlineAfterSeconds = 300,
}: {
  db: Database;
  epochStart: Date;
  epochSeconds: number;
  workerId: string;
  now: Date;
  offlineAfterSeconds?: number;
}): Promise<TEpochResult> {
  const runId = await claimRun({ db: db.prisma, epochStart, workerId, now, staleAfterMs: 5 * 60_000 });
  if (runId === null) return { runId: null, rigsSeen: 0, changes: 0, readMs: 0, engineMs: 0, writeMs: 0 };
  try {
    const readStarted = performance.now();
    const { input, sitesWithoutPrice } = await loadEngineInput({ db, now: epochStart, epochSeconds, offlineAfterSeconds });
    const engineStarted = performance.now();
    const plan = planEpoch(input);
    const engineMs = performance.now() - engineStarted;
    // Rigs at sites without an electricity price keep what they do: the engine cannot weigh them.
    const extra: TExtraDecision[] = [];
    if (sitesWithoutPrice.size) {
      const parked = await db.prisma.rig.findMany({
        where: { siteId: { in: [...sitesWithoutPrice.keys()] }, lifecycle: { not: "RETIRED" } },
        select: { id: true, siteId: true, desiredState: { select: { mode: true, workload: true } } },
      });
      for (const r of parked) {
        extra.push({
          rigId: r.id,
          mode: r.desiredState?.mode ?? "IDLE",
          workload: r.desiredState?.workload ?? null,
          reasonCode: "NO_PRICE",
          reason: `kept: ${sitesWithoutPrice.get(r.siteId)}`,
        });
      }
    }
    const writeStarted = performance.now();
    const readMs = writeStarted - readStarted - engineMs;
    const { changes } = await applyPlan({ db, runId, epochStart, plan, extra });
    const rigsSeen = input.rigs.length + extra.length;
    await db.prisma.schedulerRun.update({ where: { id: runId }, data: { finishedAt: new Date(), rigsSeen, changes } });
    return { runId, rigsSeen, changes, readMs, engineMs, writeMs: performance.now() - writeStarted };
  } catch (error) {
    await db.prisma.schedulerRun.update({ where: { id: runId }, data: { error: String((error as Error).message).slice(0, 1000) } }).catch(() => {});
    throw error;
  }
}
