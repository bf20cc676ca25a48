// GET /api/v1/overview/power?range=24h[&siteId=]: power per site over time against the cap, bucketed in SQL.
import { sitePowerSeries } from "@rigshift/db";
import { ZOverviewPowerQuery } from "@/schemas/sites";
import { requireUser } from "@/server/auth";
import { db } from "@/server/db";
import { json, route } from "@/server/http";
import { readQuery } from "@/server/query";

export const GET = route(async (req) => {
  await requireUser("fleet.read");
  const q = readQuery(req, ZOverviewPowerQuery);
  return json(await sitePowerSeries({ db: db(), range: q.range, siteId: q.siteId, now: new Date() }));
});
