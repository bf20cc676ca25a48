import type { TActor } from "../audit/record-audit";
import { recordAudit } from "../audit/record-audit";
import type { Database } from "../client";
import { conflict, invalid } from "../errors";
import { desiredSummary, loadRigsForAction, nonPreemptible, pinSummary, preemptPlacements, writeDesired } from "./action-support";
import type { TMode } from "./types";
import { defaultWorkload, offeredWorkloads } from "./workloads";

/**
 * Pins rigs to a mode: the scheduler keeps it while the pin holds, and the rig is told now
 * (DesiredState source OPERATOR, next generation). A named workload must be one the rig offers;
 * without one, each rig runs its first offer of that mode. Moving a rig out of AI work preempts
 * its preemptible jobs and is refused while a non-preemptible one runs. A rig in maintenance
 * keeps idling; its pin applies when maintenance ends.
 */
export async function pinRigs({
  db,
  actor,
  rigIds,
  mode,
  workload = null,
  until = null,
  now,
}: {
  db: Database;
  actor: TActor;
  rigIds: number[];
  mode: TMode;
  workload?: string | null;
  until?: Date | null;
  now: Date;
}) {
  if (until && until <= now) throw invalid("the pin must end in the future", [{ path: "until", message: "must be in the future" }]);
  return db.prisma.$transaction(
    async (tx) => {
      const rigs = await loadRigsForAction(tx, rigIds);
      const results = [];
      for (const rig of rigs) {
        const chosen = workload ?? defaultWorkload(rig.workloads, mode);
        if (workload && !offeredWorkloads(rig.workloads).some((w) => w.key === workload && w.mode === mode))
          throw invalid(`${rig.hostname} does not offer workload ${workload} for ${mode}`, [
            { path: "workload", message: `${rig.hostname} does not offer ${workload} for ${mode}` },
          ]);
        if (mode !== "IDLE" && !chosen) throw invalid(`${rig.hostname} offers no ${mode} workload`, [{ path: "mode", message: `${rig.hostname} offers no ${mode} workload` }]);
        const keep = nonPreemptible(rig);
        if (mode !== "AI" && keep.length) throw conflict(`${rig.hostname} runs non-preemptible job #${keep[0]!.jobId} (${keep[0]!.job.name}); cancel it or pin AI`);
        await tx.rig.update({ where: { id: rig.id }, data: { pinnedMode: mode, pinnedWorkload: workload, pinnedUntil: until } });
        let desired = rig.desiredState;
        if (rig.lifecycle !== "MAINTENANCE") {
          if (mode !== "AI") await preemptPlacements(tx, rig, "preempted: operator pin", now);
          const jobs = mode === "AI" && rig.desiredState?.mode === "AI" ? (rig.desiredState.jobs as { jobId: number; gpuIndices: number[] }[]) : [];
          desired = { ...(await writeDesired(tx, rig.id, { mode, workload: chosen, jobs, source: "OPERATOR" })), jobs };
        }
        results.push({ id: rig.id, hostname: rig.hostname, generation: desired?.generation ?? null });
        await recordAudit(tx, {
          actor,
          action: "rig.pin",
          targetType: "rig",
          targetId: rig.id,
          before: { pin: pinSummary(rig), desired: desiredSummary(rig) },
          after: { pin: { mode, workload, until }, desired: desired && { mode: desired.mode, workload: desired.workload, source: desired.source } },
          at: now,
        });
      }
      return { rigs: results };
    },
    { timeout: 30_000 },
  );
}
