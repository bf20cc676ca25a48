// GET /api/v1/notification-deliveries: the delivery log, newest first, by channel and status, keyset-paged.
import { listNotificationDeliveries } from "@rigshift/db/notifications";
import { ZDeliveryQuery } from "@/schemas/notifications";
import { requireUser } from "@/server/auth";
import { db } from "@/server/db";
import { json, route } from "@/server/http";
import { readQuery } from "@/server/query";

export const GET = route(async (req) => {
  await requireUser("notifications.read");
  const q = readQuery(req, ZDeliveryQuery);
  return json(await listNotificationDeliveries({ db: db(), ...q }));
});
