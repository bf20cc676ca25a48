import type { Database } from "../client";

/** Values for the rigs table's filter menus: sites, models and tags in use. */
export async function rigFilterOptions({ db }: { db: Database }) {
  const [sites, models, tags] = await Promise.all([
    db.prisma.site.findMany({ orderBy: { code: "asc" }, select: { id: true, code: true } }),
    db.pool.query<{ model: string }>(`SELECT DISTINCT model FROM "Rig" WHERE lifecycle <> 'RETIRED' ORDER BY 1`),
    db.pool.query<{ tag: string }>(`SELECT DISTINCT unnest(tags) AS tag FROM "Rig" WHERE lifecycle <> 'RETIRED' ORDER BY 1 LIMIT 500`),
  ]);
  return { sites, models: models.rows.map((r) => r.model), tags: tags.rows.map((r) => r.tag) };
}
