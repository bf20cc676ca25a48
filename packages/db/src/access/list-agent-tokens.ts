import type { Database } from "../client";

/** Agent tokens by rig (prefix only), newest first, paged; `q` filters on the rig's hostname. */
export async function listAgentTokens({ db, q, page, pageSize }: { db: Database; q?: string; page: number; pageSize: number }) {
  const where = q ? { rig: { hostname: { contains: q, mode: "insensitive" as const } } } : {};
  const [rows, total] = await Promise.all([
    db.prisma.agentToken.findMany({
      where,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      skip: (page - 1) * pageSize,
      take: pageSize,
      select: { id: true, prefix: true, createdAt: true, lastUsedAt: true, revokedAt: true, rig: { select: { id: true, hostname: true, site: { select: { code: true } } } } },
    }),
    db.prisma.agentToken.count({ where }),
  ]);
  return {
    rows: rows.map((t) => ({
      id: t.id,
      prefix: t.prefix,
      rig: { id: t.rig.id, hostname: t.rig.hostname, siteCode: t.rig.site.code },
      createdAt: t.createdAt.toISOString(),
      lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
      revokedAt: t.revokedAt?.toISOString() ?? null,
    })),
    total,
    page,
    pageSize,
  };
}
