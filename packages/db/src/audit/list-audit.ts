import type { Database } from "../client";

/** The audit log, newest first, paged by keyset on the id; filters on action prefix, target and actor. */
export async function listAudit({
  db,
  action,
  targetType,
  targetId,
  actor,
  before,
  limit,
}: {
  db: Database;
  action?: string;
  targetType?: string;
  targetId?: string;
  /** Actor label contains (case-insensitive). */
  actor?: string;
  before?: bigint;
  limit: number;
}) {
  const rows = await db.prisma.auditLog.findMany({
    where: {
      ...(action ? { action: { startsWith: action } } : {}),
      ...(targetType ? { targetType } : {}),
      ...(targetId ? { targetId } : {}),
      ...(actor ? { actorLabel: { contains: actor, mode: "insensitive" as const } } : {}),
      ...(before !== undefined ? { id: { lt: before } } : {}),
    },
    orderBy: { id: "desc" },
    take: limit + 1,
  });
  const page = rows.slice(0, limit);
  return {
    rows: page.map((r) => ({ ...r, id: r.id.toString(), at: r.at.toISOString() })),
    next: rows.length > limit ? (page.at(-1)?.id.toString() ?? null) : null,
  };
}
