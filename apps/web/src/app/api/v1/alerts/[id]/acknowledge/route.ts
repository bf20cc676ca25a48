// POST /api/v1/alerts/:id/acknowledge: an operator has seen the alert.
import { acknowledgeAlert } from "@rigshift/db";
import { actorOf, requireWriter } from "@/server/auth";
import { db } from "@/server/db";
import { json, route } from "@/server/http";
import { readId, type TIdContext } from "@/server/query";

export const POST = route<TIdContext>(async (req, { params }) => {
  const user = await requireWriter(req, "alerts.manage");
  return json(await acknowledgeAlert({ db: db(), actor: actorOf(user), alertId: await readId(params, "id", "alert"), now: new Date() }));
});
