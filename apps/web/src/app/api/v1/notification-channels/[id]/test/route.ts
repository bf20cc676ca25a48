// POST /api/v1/notification-channels/:id/test: queues a test message; its outcome shows in the delivery log.
import { unavailable } from "@rigshift/db";
import { finishAttempt, requestTestNotification } from "@rigshift/db/notifications";
import { enqueueNotification } from "@rigshift/scheduler/notify-queue";
import { env } from "@/env";
import { actorOf, requireWriter } from "@/server/auth";
import { db } from "@/server/db";
import { json, route } from "@/server/http";
import { readId, type TIdContext } from "@/server/query";

export const POST = route<TIdContext>(async (req, { params }) => {
  const user = await requireWriter(req, "notifications.manage");
  const channelId = await readId(params, "id", "notification channel");
  const delivery = await requestTestNotification({ db: db(), actor: actorOf(user), channelId, now: new Date() });
  try {
    await enqueueNotification({ redisUrl: env().REDIS_URL, prefix: env().QUEUE_PREFIX, deliveryId: delivery.id, key: delivery.key });
  } catch (error) {
    const outcome = { status: "FAILED" as const, httpStatus: null, error: `could not be queued: ${(error as Error).message}` };
    await finishAttempt({ db: db(), deliveryId: delivery.id, outcome, now: new Date() });
    throw unavailable("the notification queue is unreachable; try again shortly");
  }
  return json({ delivery }, 202);
});
