import { unauthorized } from "../errors";
import { hashesEqual, hashToken } from "../tokens";
import type { Queryable } from "./ingest-sql";

export interface TAuthenticatedRig {
  rigId: number;
  tokenId: number;
}

/**
 * Resolves a bearer agent token to its rig; revoked and unknown tokens get the same answer. Plain
 * SQL on a pg pool or client: after a restart every rig of the farm comes through here once, and a
 * query through the ORM costs several times its CPU.
 */
export async function authenticateRig({ pool, token }: { pool: Queryable; token: string | undefined }): Promise<TAuthenticatedRig> {
  if (!token?.startsWith("rsa_") || token.length > 200) throw unauthorized("missing or malformed rig token");
  const hash = hashToken(token);
  const { rows } = await pool.query<{ id: number; rigId: number; tokenHash: string; revokedAt: Date | null }>({
    name: "agent_token_by_hash",
    text: `SELECT id, "rigId", "tokenHash", "revokedAt" FROM "AgentToken" WHERE "tokenHash" = $1`,
    values: [hash],
  });
  const row = rows[0];
  if (!row || row.revokedAt || !hashesEqual(row.tokenHash, hash)) throw unauthorized("rig token is unknown or revoked");
  return { rigId: row.rigId, tokenId: row.id };
}
