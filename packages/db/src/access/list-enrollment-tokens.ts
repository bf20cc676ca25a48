import type { Database } from "../client";

/** Enrollment tokens, newest first, with their state (never the token itself: only its hash is stored). */
export async function listEnrollmentTokens({ db, now, limit = 200 }: { db: Database; now: Date; limit?: number }) {
  const rows = await db.prisma.enrollmentToken.findMany({
    orderBy: { createdAt: "desc" },
    take: limit,
    select: { id: true, label: true, createdAt: true, expiresAt: true, usedAt: true, usedByRigId: true, revokedAt: true, createdBy: true, site: { select: { code: true } } },
  });
  return rows.map((t) => ({
    id: t.id,
    label: t.label,
    siteCode: t.site.code,
    createdBy: t.createdBy,
    createdAt: t.createdAt.toISOString(),
    expiresAt: t.expiresAt.toISOString(),
    usedAt: t.usedAt?.toISOString() ?? null,
    usedByRigId: t.usedByRigId,
    revokedAt: t.revokedAt?.toISOString() ?? null,
    state: t.revokedAt ? "revoked" : t.usedAt ? "used" : t.expiresAt <= now ? "expired" : "valid",
  }));
}
