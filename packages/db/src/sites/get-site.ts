import type { Database } from "../client";
import { notFound } from "../errors";
import { SITE_SELECT, siteShape } from "./site-shape";
import type { TSite } from "./types";

/** One site with its policy and the cap windows that have not ended yet. */
export async function getSite({ db, siteId, now }: { db: Database; siteId: number; now: Date }): Promise<TSite> {
  const site = await db.prisma.site.findUnique({
    where: { id: siteId },
    select: { ...SITE_SELECT, capWindows: { where: { endsAt: { gt: now } }, orderBy: { startsAt: "asc" } } },
  });
  if (!site) throw notFound(`site ${siteId}`);
  const { capWindows, ...s } = site;
  return siteShape(s, capWindows, now);
}
