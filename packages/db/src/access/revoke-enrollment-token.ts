import { recordAudit, type TActor } from "../audit/record-audit";
import type { Database } from "../client";
import { conflict, notFound } from "../errors";

/** Revokes an unused enrollment token. */
export async function revokeEnrollmentToken({ db, actor, tokenId, now }: { db: Database; actor: TActor; tokenId: number; now: Date }) {
  return db.prisma.$transaction(async (tx) => {
    const t = await tx.enrollmentToken.findUnique({ where: { id: tokenId }, select: { id: true, usedAt: true, revokedAt: true, label: true } });
    if (!t) throw notFound(`enrollment token ${tokenId}`);
    if (t.revokedAt) throw conflict(`enrollment token ${tokenId} is already revoked`);
    if (t.usedAt) throw conflict(`enrollment token ${tokenId} was already used; revoke the rig's agent token instead`);
    await tx.enrollmentToken.update({ where: { id: tokenId }, data: { revokedAt: now } });
    await recordAudit(tx, {
      actor,
      action: "enrollment_token.revoke",
      targetType: "enrollment_token",
      targetId: tokenId,
      before: { label: t.label },
      after: { revokedAt: now },
      at: now,
    });
    return { id: tokenId, revokedAt: now.toISOString() };
  });
}
