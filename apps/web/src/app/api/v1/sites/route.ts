// GET /api/v1/sites: every site with its policy and current/future cap windows.
import { listSites } from "@rigshift/db";
import { requireUser } from "@/server/auth";
import { db } from "@/server/db";
import { json, route } from "@/server/http";

export const GET = route(async () => {
  await requireUser("fleet.read");
  return json({ sites: await listSites({ db: db(), now: new Date() }) });
});
