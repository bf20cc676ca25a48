// POST /api/v1/rigs/:id/actions: pin, release pin, maintenance on/off, or restart this rig's workload.
import { ZRigAction } from "@/schemas/rigs";
import { requireWriter } from "@/server/auth";
import { json, readJson, route } from "@/server/http";
import { readId, type TIdContext } from "@/server/query";
import { runRigAction } from "@/server/rig-actions";

export const POST = route<TIdContext>(async (req, { params }) => {
  const user = await requireWriter(req, "fleet.operate");
  const rigId = await readId(params, "id", "rig");
  const action = await readJson(req, ZRigAction);
  return json(await runRigAction(user, [rigId], action));
});
