// GET /api/v1/notification-channels: every channel, credentials masked, with its latest delivery. POST: creates one.
import { createNotificationChannel, listNotificationChannels } from "@rigshift/db/notifications";
import { ZChannelCreate } from "@/schemas/notifications";
import { actorOf, requireUser, requireWriter } from "@/server/auth";
import { db } from "@/server/db";
import { json, readJson, route } from "@/server/http";

export const GET = route(async () => {
  await requireUser("notifications.read");
  return json({ channels: await listNotificationChannels({ db: db() }) });
});

export const POST = route(async (req) => {
  const user = await requireWriter(req, "notifications.manage");
  const input = await readJson(req, ZChannelCreate);
  // A webhook created without a secret answers with the generated one, once.
  return json(await createNotificationChannel({ db: db(), actor: actorOf(user), input, now: new Date() }), 201);
});
