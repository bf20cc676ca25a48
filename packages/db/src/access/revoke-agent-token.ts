import { recordAudit, type TActor } from "../audit/record-audit";
import type { Database } from "../client";
import { conflict, notFound } from "../errors";

/** Revokes a rig's agent token: its next report is refused (401) until the rig enrolls again. */
export async function revokeAgentToken({ db, actor, tokenId, now }: { db: Database; actor: TActor; tokenId: number; now: Date }) {
  return db.prisma.$transaction(async (tx) => {
    const t = await tx.agentToken.findUnique({ where: { id: tokenId }, select: { id: true, prefix: true, rigId: true, revokedAt: true } });
    if (!t) throw notFound(`agent token ${tokenId}`);
    if (t.revokedAt) throw conflict(`agent token ${t.prefix}… is already revoked`);
    await tx.agentToken.update({ where: { id: tokenId }, data: { revokedAt: now } });
    await recordAudit(tx, {
      actor,
      action: "agent_token.revoke",
      targetType: "agent_token",
      targetId: tokenId,
      before: { prefix: t.prefix, rigId: t.rigId },
      after: { revokedAt: now },
      at: now,
    });
    return { id: tokenId, revokedAt: now.toISOString() };
  });
}
