import { recordAudit, type TActor } from "../audit/record-audit";
import type { Database } from "../client";
import { conflict, notFound } from "../errors";

/** Revokes a customer API key: its next request is refused (401). Jobs it submitted keep running. */
export async function revokeApiKey({ db, actor, keyId, now }: { db: Database; actor: TActor; keyId: number; now: Date }) {
  return db.prisma.$transaction(async (tx) => {
    const k = await tx.apiKey.findUnique({ where: { id: keyId }, select: { id: true, prefix: true, customer: true, revokedAt: true } });
    if (!k) throw notFound(`API key ${keyId}`);
    if (k.revokedAt) throw conflict(`API key ${k.prefix}… is already revoked`);
    await tx.apiKey.update({ where: { id: keyId }, data: { revokedAt: now } });
    await recordAudit(tx, {
      actor,
      action: "api_key.revoke",
      targetType: "api_key",
      targetId: keyId,
      before: { prefix: k.prefix, customer: k.customer },
      after: { revokedAt: now },
      at: now,
    });
    return { id: keyId, revokedAt: now.toISOString() };
  });
}
