import { recordAudit, type TActor } from "../audit/record-audit";
import type { Database } from "../client";
import { loadRigsForAction, pinSummary } from "./action-support";

/**
 * Releases operator pins. The rig keeps doing what it does (no new generation); its desired
 * state is marked DEFAULT again so the scheduler may change it at the next epoch.
 */
export async function releasePins({ db, actor, rigIds, now }: { db: Database; actor: TActor; rigIds: number[]; now: Date }) {
  return db.prisma.$transaction(
    async (tx) => {
      const rigs = await loadRigsForAction(tx, rigIds);
      for (const rig of rigs) {
        await tx.rig.update({ where: { id: rig.id }, data: { pinnedMode: null, pinnedWorkload: null, pinnedUntil: null } });
        if (rig.desiredState?.source === "OPERATOR" && rig.lifecycle !== "MAINTENANCE") await tx.desiredState.update({ where: { rigId: rig.id }, data: { source: "DEFAULT" } });
      }
      await recordAudit(
        tx,
        rigs.map((rig) => ({ actor, action: "rig.release_pin", targetType: "rig", targetId: rig.id, before: { pin: pinSummary(rig) }, after: { pin: null }, at: now })),
      );
      return { rigs: rigs.map((r) => ({ id: r.id, hostname: r.hostname })) };
    },
    { timeout: 30_000 },
  );
}
