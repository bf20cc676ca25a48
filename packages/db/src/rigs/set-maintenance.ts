import { recordAudit, type TActor } from "../audit/record-audit";
import type { Database, DbOrTx } from "../client";
import { desiredSummary, loadRigsForAction, nonPreemptible, preemptPlacements, type TRigForAction, writeDesired } from "./action-support";
import { defaultWorkload } from "./workloads";

/**
 * Maintenance on: the rig idles (preemptible jobs go back to the queue). With a non-preemptible
 * job running it keeps running it ("draining"): the scheduler idles the rig once the job ends.
 * Maintenance off: the rig goes back to its pin, or to the enrollment default (mine), until the
 * scheduler decides.
 */
export async function setMaintenance({ db, actor, rigIds, on, now }: { db: Database; actor: TActor; rigIds: number[]; on: boolean; now: Date }) {
  return db.prisma.$transaction(
    async (tx) => {
      const rigs = await loadRigsForAction(tx, rigIds);
      const results = [];
      for (const rig of rigs) {
        await tx.rig.update({ where: { id: rig.id }, data: { lifecycle: on ? "MAINTENANCE" : "ACTIVE" } });
        const desired = on ? await enter(tx, rig, now) : await leave(tx, rig);
        results.push({ id: rig.id, hostname: rig.hostname, draining: on && !desired });
        await recordAudit(tx, {
          actor,
          action: on ? "rig.maintenance_on" : "rig.maintenance_off",
          targetType: "rig",
          targetId: rig.id,
          before: { lifecycle: rig.lifecycle, desired: desiredSummary(rig) },
          after: { lifecycle: on ? "MAINTENANCE" : "ACTIVE", desired: desired ?? desiredSummary(rig) },
          at: now,
        });
      }
      return { rigs: results };
    },
    { timeout: 30_000 },
  );
}

async function enter(tx: DbOrTx, rig: TRigForAction, now: Date) {
  if (nonPreemptible(rig).length) return null;
  await preemptPlacements(tx, rig, "preempted: maintenance", now);
  return writeDesired(tx, rig.id, { mode: "IDLE", workload: null, source: "OPERATOR" });
}

async function leave(tx: DbOrTx, rig: TRigForAction) {
  if (rig.pinnedMode) {
    const workload = rig.pinnedWorkload ?? defaultWorkload(rig.workloads, rig.pinnedMode);
    return writeDesired(tx, rig.id, { mode: rig.pinnedMode, workload, source: "OPERATOR" });
  }
  const mine = defaultWorkload(rig.workloads, "MINE");
  return writeDesired(tx, rig.id, { mode: mine ? "MINE" : "IDLE", workload: mine, source: "DEFAULT" });
}
