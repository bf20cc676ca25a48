// GET /api/v1/overview: farm-wide and per-site rigs by mode, power vs cap, economics, open alerts (the overview page polls this).
import { getOverview } from "@rigshift/db";
import { requireUser } from "@/server/auth";
import { db } from "@/server/db";
import { json, route } from "@/server/http";
import { thresholds } from "@/server/thresholds";

export const GET = route(async () => {
  await requireUser("fleet.read");
  return json(await getOverview({ db: db(), now: new Date(), thresholds: thresholds() }));
});
