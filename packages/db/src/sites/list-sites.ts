import type { Database } from "../client";
import { SITE_SELECT, siteShape } from "./site-shape";
import type { TSite } from "./types";

/** Every site with its policy and its current and future cap windows. */
export async function listSites({ db, now }: { db: Database; now: Date }): Promise<TSite[]> {
  const sites = await db.prisma.site.findMany({
    orderBy: { code: "asc" },
    select: { ...SITE_SELECT, capWindows: { where: { endsAt: { gt: now } }, orderBy: { startsAt: "asc" } } },
  });
  return sites.map(({ capWindows, ...s }) => siteShape(s, capWindows, now));
}
