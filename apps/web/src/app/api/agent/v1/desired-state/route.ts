// GET /api/agent/v1/desired-state: what this rig should be doing (the agent also gets it with every telemetry ack).
import { authenticateRig, getDesiredState } from "@rigshift/db";
import { db } from "@/server/db";
import { bearerToken, json, route } from "@/server/http";
import { limitRig } from "@/server/rate-limit";

export const GET = route(async (req) => {
  const rig = await authenticateRig({ pool: db().pool, token: bearerToken(req) });
  await limitRig(rig.rigId);
  return json({ desired: await getDesiredState({ db: db().prisma, rigId: rig.rigId }), serverTime: new Date().toISOString() });
});
