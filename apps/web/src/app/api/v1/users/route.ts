// GET /api/v1/users: every user. POST /api/v1/users: creates one with a role.
import { createUser, listUsers } from "@rigshift/db";
import { ZUserCreate } from "@/schemas/admin";
import { actorOf, requireUser, requireWriter } from "@/server/auth";
import { db } from "@/server/db";
import { json, readJson, route } from "@/server/http";

export const GET = route(async () => {
  await requireUser("users.manage");
  return json({ users: await listUsers({ db: db() }) });
});

export const POST = route(async (req) => {
  const user = await requireWriter(req, "users.manage");
  const body = await readJson(req, ZUserCreate);
  return json(await createUser({ db: db(), actor: actorOf(user), ...body, now: new Date() }), 201);
});
