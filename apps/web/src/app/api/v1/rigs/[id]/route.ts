// GET /api/v1/rigs/:id: one rig's identity, devices, latest and desired state, pin and placements.
import { getRig } from "@rigshift/db";
import { requireUser } from "@/server/auth";
import { db } from "@/server/db";
import { json, route } from "@/server/http";
import { readId, type TIdContext } from "@/server/query";
import { thresholds } from "@/server/thresholds";

export const GET = route<TIdContext>(async (_req, { params }) => {
  await requireUser("fleet.read");
  const rigId = await readId(params, "id", "rig");
  return json(await getRig({ db: db(), rigId, now: new Date(), thresholds: thresholds() }));
});
