// GET /api/v1/enrollment-tokens: recent rig enrollment tokens. POST: issues one for a site (plaintext in the answer, once).
import { issueEnrollmentToken, listEnrollmentTokens } from "@rigshift/db";
import { ZEnrollmentTokenCreate } from "@/schemas/admin";
import { actorOf, requireUser, requireWriter } from "@/server/auth";
import { db } from "@/server/db";
import { json, readJson, route } from "@/server/http";

export const GET = route(async () => {
  await requireUser("tokens.manage");
  return json({ tokens: await listEnrollmentTokens({ db: db(), now: new Date() }) });
});

export const POST = route(async (req) => {
  const user = await requireWriter(req, "tokens.manage");
  const body = await readJson(req, ZEnrollmentTokenCreate);
  return json(await issueEnrollmentToken({ db: db(), actor: actorOf(user), ...body, now: new Date() }), 201);
});
