import { recordAudit, type TActor } from "../audit/record-audit";
import type { Database } from "../client";
import { hashToken, newToken, tokenPrefix } from "../tokens";

/** Creates a customer API key ("rsk_..."); the plaintext is in the result, once. Only its hash is stored. */
export async function createApiKey({ db, actor, customer, now }: { db: Database; actor: TActor; customer: string; now: Date }) {
  const key = newToken("apikey");
  return db.prisma.$transaction(async (tx) => {
    const row = await tx.apiKey.create({
      data: { customer, prefix: tokenPrefix(key), keyHash: hashToken(key), createdAt: now },
      select: { id: true, customer: true, prefix: true },
    });
    await recordAudit(tx, { actor, action: "api_key.create", targetType: "api_key", targetId: row.id, after: row, at: now });
    return { ...row, key };
  });
}
