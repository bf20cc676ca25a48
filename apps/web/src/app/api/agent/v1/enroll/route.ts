// POST /api/agent/v1/enroll: trade a one-time enrollment token for a per-rig agent token.
import { enrollRig } from "@rigshift/db";
import { ZEnrollRequest } from "@rigshift/protocol";
import { db } from "@/server/db";
import { json, readJson, route } from "@/server/http";

export const POST = route(async (req) => {
  const request = await readJson(req, ZEnrollRequest);
  const result = await enrollRig({ db: db(), request, now: new Date() });
  return json(result, 201);
});
