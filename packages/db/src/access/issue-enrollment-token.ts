import { createEnrollmentToken } from "../agents/enrollment-tokens";
import { recordAudit, type TActor } from "../audit/record-audit";
import type { Database } from "../client";

/** Issues a one-time rig enrollment token for a site; the plaintext is in the result, once. */
export async function issueEnrollmentToken({
  db,
  actor,
  siteId,
  label,
  ttlHours,
  now,
}: {
  db: Database;
  actor: TActor;
  siteId: number;
  label: string;
  ttlHours: number;
  now: Date;
}) {
  return db.prisma.$transaction(async (tx) => {
    const created = await createEnrollmentToken({ db: tx, siteId, label, createdBy: actor.label, now, ttlSeconds: ttlHours * 3600 });
    await recordAudit(tx, {
      actor,
      action: "enrollment_token.create",
      targetType: "enrollment_token",
      targetId: created.id,
      after: { siteId, label, expiresAt: created.expiresAt },
      at: now,
    });
    return { id: created.id, token: created.token, expiresAt: created.expiresAt.toISOString() };
  });
}
