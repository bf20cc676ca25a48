import { recordAudit, type TActor } from "../audit/record-audit";
import type { Database } from "../client";
import { conflict, notFound } from "../errors";

/** Marks an unresolved alert as seen by an operator (it stays open until resolved). */
export async function acknowledgeAlert({ db, actor, alertId, now }: { db: Database; actor: TActor; alertId: number; now: Date }) {
  return db.prisma.$transaction(async (tx) => {
    const alert = await tx.alert.findUnique({ where: { id: alertId } });
    if (!alert) throw notFound(`alert ${alertId}`);
    if (alert.resolvedAt) throw conflict(`alert ${alertId} is already resolved`);
    if (alert.acknowledgedAt) return { id: alertId, acknowledgedAt: alert.acknowledgedAt.toISOString() };
    await tx.alert.update({ where: { id: alertId }, data: { acknowledgedAt: now, acknowledgedBy: actor.label } });
    await recordAudit(tx, { actor, action: "alert.acknowledge", targetType: "alert", targetId: alertId, before: { state: "open" }, after: { state: "acknowledged" }, at: now });
    return { id: alertId, acknowledgedAt: now.toISOString() };
  });
}
