import type { DbOrTx } from "../client";
import { notFound } from "../errors";
import { hashToken, newToken } from "../tokens";

/** Creates a one-time enrollment token for a site. The plaintext is returned once, never stored. */
export async function createEnrollmentToken({
  db,
  siteId,
  label,
  createdBy,
  now,
  ttlSeconds = 7 * 24 * 3600,
}: {
  db: DbOrTx;
  siteId: number;
  label: string;
  createdBy: string;
  now: Date;
  ttlSeconds?: number;
}) {
  const site = await db.site.findUnique({ where: { id: siteId }, select: { id: true } });
  if (!site) throw notFound(`site ${siteId}`);
  const token = newToken("enroll");
  const row = await db.enrollmentToken.create({
    data: { tokenHash: hashToken(token), siteId, label, createdBy, expiresAt: new Date(now.getTime() + ttlSeconds * 1000) },
    select: { id: true, expiresAt: true },
  });
  return { id: row.id, token, expiresAt: row.expiresAt };
}
