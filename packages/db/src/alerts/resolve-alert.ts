import { recordAudit, type TActor } from "../audit/record-audit";
import type { Database } from "../client";
import { conflict, notFound } from "../errors";
import { SQL_FAN_OUT } from "../notifications/fan-out-sql";

/**
 * Resolves an alert by hand, and tells the channels that want resolutions. A derived alert whose
 * condition still holds opens again at the next refresh.
 */
export async function resolveAlert({ db, actor, alertId, now }: { db: Database; actor: TActor; alertId: number; now: Date }) {
  return db.prisma.$transaction(async (tx) => {
    const alert = await tx.alert.findUnique({ where: { id: alertId } });
    if (!alert) throw notFound(`alert ${alertId}`);
    if (alert.resolvedAt) throw conflict(`alert ${alertId} is already resolved`);
    await tx.alert.update({ where: { id: alertId }, data: { resolvedAt: now } });
    await tx.$executeRawUnsafe(SQL_FAN_OUT, [], [alertId]);
    await recordAudit(tx, {
      actor,
      action: "alert.resolve",
      targetType: "alert",
      targetId: alertId,
      before: { state: alert.acknowledgedAt ? "acknowledged" : "open" },
      after: { state: "resolved" },
      at: now,
    });
    return { id: alertId, resolvedAt: now.toISOString() };
  });
}
