// POST /api/v1/agent-tokens/:id/revoke: revokes a rig's agent token.
import { revokeAgentToken } from "@rigshift/db";
import { actorOf, requireWriter } from "@/server/auth";
import { db } from "@/server/db";
import { json, route } from "@/server/http";
import { readId, type TIdContext } from "@/server/query";

export const POST = route<TIdContext>(async (req, { params }) => {
  const user = await requireWriter(req, "tokens.manage");
  return json(await revokeAgentToken({ db: db(), actor: actorOf(user), tokenId: await readId(params, "id", "agent token"), now: new Date() }));
});
