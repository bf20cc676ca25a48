// PATCH /api/v1/users/:id: changes a user's role, or disables / re-enables them.
import { updateUser } from "@rigshift/db";
import { ZUserUpdate } from "@/schemas/admin";
import { actorOf, requireWriter } from "@/server/auth";
import { db } from "@/server/db";
import { json, readJson, route } from "@/server/http";
import { readId, type TIdContext } from "@/server/query";

export const PATCH = route<TIdContext>(async (req, { params }) => {
  const user = await requireWriter(req, "users.manage");
  const userId = await readId(params, "id", "user");
  const body = await readJson(req, ZUserUpdate);
  return json(await updateUser({ db: db(), actor: actorOf(user), userId, ...body, now: new Date() }));
});
