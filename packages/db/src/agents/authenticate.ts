import type { DbOrTx } from "../client";
import { unauthorized } from "../errors";
import { hashesEqual, hashToken } from "../tokens";

export interface TAuthenticatedRig {
  rigId: number;
  tokenId: number;
}

/** Resolves a bearer agent token to its rig; revoked and unknown tokens get the same answer. */
export async function authenticateRig({ db, token }: { db: DbOrTx; token: string | undefined }): Promise<TAuthenticatedRig> {
  if (!token?.startsWith("rsa_") || token.length > 200) throw unauthorized("missing or malformed rig token");
  const hash = hashToken(token);
  const row = await db.agentToken.findUnique({ where: { tokenHash: hash }, select: { id: true, rigId: true, tokenHash: true, revokedAt: true } });
  if (!row || row.revokedAt || !hashesEqual(row.tokenHash, hash)) throw unauthorized("rig token is unknown or revoked");
  return { rigId: row.rigId, tokenId: row.id };
}
