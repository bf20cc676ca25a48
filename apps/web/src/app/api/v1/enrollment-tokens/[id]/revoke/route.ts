// POST /api/v1/enrollment-tokens/:id/revoke: revokes an unused enrollment token.
import { revokeEnrollmentToken } from "@rigshift/db";
import { actorOf, requireWriter } from "@/server/auth";
import { db } from "@/server/db";
import { json, route } from "@/server/http";
import { readId, type TIdContext } from "@/server/query";

export const POST = route<TIdContext>(async (req, { params }) => {
  const user = await requireWriter(req, "tokens.manage");
  return json(await revokeEnrollmentToken({ db: db(), actor: actorOf(user), tokenId: await readId(params, "id", "enrollment token"), now: new Date() }));
});
