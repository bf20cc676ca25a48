// GET /api/v1/sites/:id/power?range=24h: this site's power over time against its cap.
import { sitePowerSeries } from "@rigshift/db";
import { ZSitePowerQuery } from "@/schemas/sites";
import { requireUser } from "@/server/auth";
import { db } from "@/server/db";
import { json, route } from "@/server/http";
import { readId, readQuery, type TIdContext } from "@/server/query";

export const GET = route<TIdContext>(async (req, { params }) => {
  await requireUser("fleet.read");
  const siteId = await readId(params, "id", "site");
  const { range } = readQuery(req, ZSitePowerQuery);
  return json(await sitePowerSeries({ db: db(), range, siteId, now: new Date() }));
});
