// POST /api/v1/alerts/:id/resolve: resolves the alert by hand.
import { resolveAlert } from "@rigshift/db";
import { actorOf, requireWriter } from "@/server/auth";
import { db } from "@/server/db";
import { json, route } from "@/server/http";
import { readId, type TIdContext } from "@/server/query";

export const POST = route<TIdContext>(async (req, { params }) => {
  const user = await requireWriter(req, "alerts.manage");
  return json(await resolveAlert({ db: db(), actor: actorOf(user), alertId: await readId(params, "id", "alert"), now: new Date() }));
});
