import type { Database } from "../client";
import { unauthorized } from "../errors";
import { hashesEqual, hashToken } from "../tokens";

export interface TApiCaller {
  apiKeyId: number;
  customer: string;
  prefix: string;
}

/** Resolves a bearer customer API key ("rsk_..."); unknown and revoked keys get the same answer. */
export async function authenticateApiKey({ db, key, now }: { db: Database; key: string | undefined; now: Date }): Promise<TApiCaller> {
  if (!key?.startsWith("rsk_") || key.length > 200) throw unauthorized("missing or malformed API key (Authorization: Bearer rsk_...)");
  const hash = hashToken(key);
  const row = await db.prisma.apiKey.findUnique({ where: { keyHash: hash }, select: { id: true, customer: true, prefix: true, keyHash: true, revokedAt: true, lastUsedAt: true } });
  if (!row || row.revokedAt || !hashesEqual(row.keyHash, hash)) throw unauthorized("API key is unknown or revoked");
  // Touch at most once a minute: a busy client must not turn every read into a write.
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > 60_000) await db.prisma.apiKey.update({ where: { id: row.id }, data: { lastUsedAt: now } });
  return { apiKeyId: row.id, customer: row.customer, prefix: row.prefix };
}
