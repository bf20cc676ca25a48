// GET /api/v1/overview/power?range=24h[&siteId=]: power per site over time against the cap, bucketed in SQL.
import { sitePowerSeries } from "@rigshift/db";
import { z } from "zod";
import { intField, ZRange } from "@/schemas/fields";
import { requireUser } from "@/server/auth";
import { db } from "@/server/db";
import { json, route } from "@/server/http";
import { readQuery } from "@/server/query";

const ZQuery = z.object({ range: ZRange.default("24h"), siteId: intField(1, 2_147_483_647).optional() });

export const GET = route(async (req) => {
  await requireUser("fleet.read");
  const q = readQuery(req, ZQuery);
  return json(await sitePowerSeries({ db: db(), range: q.range, siteId: q.siteId, now: new Date() }));
});
