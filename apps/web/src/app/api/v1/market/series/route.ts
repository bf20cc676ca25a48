// GET /api/v1/market/series: every price series with its latest value, and every feed's health.
import { listMarket } from "@rigshift/db";
import { requireUser } from "@/server/auth";
import { db } from "@/server/db";
import { json, route } from "@/server/http";

export const GET = route(async () => {
  await requireUser("fleet.read");
  return json(await listMarket({ db: db() }));
});
