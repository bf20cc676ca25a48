// DELETE /api/v1/sites/:id/cap-windows/:windowId: removes a cap window.
import { removeCapWindow } from "@rigshift/db";
import { actorOf, requireWriter } from "@/server/auth";
import { db } from "@/server/db";
import { json, route } from "@/server/http";
import { readId } from "@/server/query";

export const DELETE = route<{ params: Promise<{ id: string; windowId: string }> }>(async (req, { params }) => {
  const user = await requireWriter(req, "policy.manage");
  const siteId = await readId(params, "id", "site");
  const windowId = await readId(params, "windowId", "cap window");
  return json(await removeCapWindow({ db: db(), actor: actorOf(user), siteId, windowId, now: new Date() }));
});
