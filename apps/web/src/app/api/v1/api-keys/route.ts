// GET /api/v1/api-keys: customer API keys (prefix only). POST: creates one (plaintext in the answer, once).
import { createApiKey, listApiKeys } from "@rigshift/db";
import { ZApiKeyCreate } from "@/schemas/admin";
import { actorOf, requireUser, requireWriter } from "@/server/auth";
import { db } from "@/server/db";
import { json, readJson, route } from "@/server/http";

export const GET = route(async () => {
  await requireUser("tokens.manage");
  return json({ keys: await listApiKeys({ db: db() }) });
});

export const POST = route(async (req) => {
  const user = await requireWriter(req, "tokens.manage");
  const { customer } = await readJson(req, ZApiKeyCreate);
  return json(await createApiKey({ db: db(), actor: actorOf(user), customer, now: new Date() }), 201);
});
