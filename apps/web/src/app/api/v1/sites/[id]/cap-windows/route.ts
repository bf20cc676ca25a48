// POST /api/v1/sites/:id/cap-windows: adds a temporary power cap.
import { addCapWindow } from "@rigshift/db";
import { ZCapWindow } from "@/schemas/sites";
import { actorOf, requireWriter } from "@/server/auth";
import { db } from "@/server/db";
import { json, readJson, route } from "@/server/http";
import { readId, type TIdContext } from "@/server/query";

export const POST = route<TIdContext>(async (req, { params }) => {
  const user = await requireWriter(req, "policy.manage");
  const siteId = await readId(params, "id", "site");
  const w = await readJson(req, ZCapWindow);
  const window = { startsAt: new Date(w.startsAt), endsAt: new Date(w.endsAt), capKw: w.capKw, reason: w.reason };
  return json(await addCapWindow({ db: db(), actor: actorOf(user), siteId, window, now: new Date() }), 201);
});
