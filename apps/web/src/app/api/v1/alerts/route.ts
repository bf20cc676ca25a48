// GET /api/v1/alerts?state=open|acknowledged|resolved&page: alerts in one state, with counts per state.
import { listAlerts } from "@rigshift/db";
import { ZAlertQuery } from "@/schemas/logs";
import { requireUser } from "@/server/auth";
import { db } from "@/server/db";
import { json, route } from "@/server/http";
import { readQuery } from "@/server/query";

export const GET = route(async (req) => {
  await requireUser("fleet.read");
  return json(await listAlerts({ db: db(), ...readQuery(req, ZAlertQuery) }));
});
