// GET /api/v1/rigs/:id/events?limit=50: the rig's newest agent events.
import { listRigEvents } from "@rigshift/db";
import { ZRigEventsQuery } from "@/schemas/rigs";
import { requireUser } from "@/server/auth";
import { db } from "@/server/db";
import { json, route } from "@/server/http";
import { readId, readQuery, type TIdContext } from "@/server/query";

export const GET = route<TIdContext>(async (req, { params }) => {
  await requireUser("fleet.read");
  const rigId = await readId(params, "id", "rig");
  const { limit } = readQuery(req, ZRigEventsQuery);
  return json(await listRigEvents({ db: db(), rigId, limit }));
});
