// GET /api/v1/sites/:id: one site with its policy and cap windows.
import { getSite } from "@rigshift/db";
import { requireUser } from "@/server/auth";
import { db } from "@/server/db";
import { json, route } from "@/server/http";
import { readId, type TIdContext } from "@/server/query";

export const GET = route<TIdContext>(async (_req, { params }) => {
  await requireUser("fleet.read");
  const siteId = await readId(params, "id", "site");
  return json(await getSite({ db: db(), siteId, now: new Date() }));
});
