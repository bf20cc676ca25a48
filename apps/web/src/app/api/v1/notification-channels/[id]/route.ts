// PATCH /api/v1/notification-channels/:id: changes settings, enables or disables, replaces the credential. DELETE: removes it and its log.
import { deleteNotificationChannel, updateNotificationChannel } from "@rigshift/db/notifications";
import { ZChannelUpdate } from "@/schemas/notifications";
import { actorOf, requireWriter } from "@/server/auth";
import { db } from "@/server/db";
import { json, readJson, route } from "@/server/http";
import { readId, type TIdContext } from "@/server/query";

export const PATCH = route<TIdContext>(async (req, { params }) => {
  const user = await requireWriter(req, "notifications.manage");
  const channelId = await readId(params, "id", "notification channel");
  const patch = await readJson(req, ZChannelUpdate);
  return json(await updateNotificationChannel({ db: db(), actor: actorOf(user), channelId, patch, now: new Date() }));
});

export const DELETE = route<TIdContext>(async (req, { params }) => {
  const user = await requireWriter(req, "notifications.manage");
  const channelId = await readId(params, "id", "notification channel");
  return json(await deleteNotificationChannel({ db: db(), actor: actorOf(user), channelId, now: new Date() }));
});
