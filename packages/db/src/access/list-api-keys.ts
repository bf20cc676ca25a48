import type { Database } from "../client";

/** Customer API keys (prefix only), newest first. */
export async function listApiKeys({ db }: { db: Database }) {
  const rows = await db.prisma.apiKey.findMany({
    orderBy: [{ revokedAt: { sort: "asc", nulls: "first" } }, { createdAt: "desc" }],
    select: { id: true, customer: true, prefix: true, createdAt: true, lastUsedAt: true, revokedAt: true, _count: { select: { jobs: true } } },
  });
  return rows.map((k) => ({
    id: k.id,
    customer: k.customer,
    prefix: k.prefix,
    createdAt: k.createdAt.toISOString(),
    lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
    revokedAt: k.revokedAt?.toISOString() ?? null,
    jobs: k._count.jobs,
  }));
}
