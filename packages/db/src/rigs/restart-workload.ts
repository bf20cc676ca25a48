import { recordAudit, type TActor } from "../audit/record-audit";
import type { Database } from "../client";
import { conflict, notFound } from "../errors";

/** Restarts a rig's workload: the same desired mode and workload under a new generation, which the agent re-applies. */
export async function restartWorkload({ db, actor, rigId, now }: { db: Database; actor: TActor; rigId: number; now: Date }) {
  return db.prisma.$transaction(async (tx) => {
    const rig = await tx.rig.findUnique({ where: { id: rigId }, select: { id: true, hostname: true, desiredState: { select: { generation: true, mode: true, workload: true } } } });
    if (!rig) throw notFound(`rig ${rigId}`);
    if (!rig.desiredState) throw conflict(`${rig.hostname} has no desired state yet: nothing to restart`);
    const after = await tx.desiredState.update({ where: { rigId }, data: { generation: { increment: 1 } }, select: { generation: true, mode: true, workload: true } });
    await recordAudit(tx, { actor, action: "rig.restart_workload", targetType: "rig", targetId: rigId, before: rig.desiredState, after, at: now });
    return { id: rig.id, hostname: rig.hostname, generation: after.generation };
  });
}
