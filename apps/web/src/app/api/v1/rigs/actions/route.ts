// POST /api/v1/rigs/actions: a bulk action on selected rigs (pin, release pin, maintenance on/off, restart).
import { ZBulkRigAction } from "@/schemas/rigs";
import { requireWriter } from "@/server/auth";
import { json, readJson, route } from "@/server/http";
import { runRigAction } from "@/server/rig-actions";

export const POST = route(async (req) => {
  const user = await requireWriter(req, "fleet.operate");
  const { rigIds, ...action } = await readJson(req, ZBulkRigAction);
  return json(await runRigAction(user, rigIds, action));
});
