// POST /api/v1/api-keys/:id/revoke: revokes a customer API key.
import { revokeApiKey } from "@rigshift/db";
import { actorOf, requireWriter } from "@/server/auth";
import { db } from "@/server/db";
import { json, route } from "@/server/http";
import { readId, type TIdContext } from "@/server/query";

export const POST = route<TIdContext>(async (req, { params }) => {
  const user = await requireWriter(req, "tokens.manage");
  return json(await revokeApiKey({ db: db(), actor: actorOf(user), keyId: await readId(params, "id", "API key"), now: new Date() }));
});
