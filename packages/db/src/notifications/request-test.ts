import { recordAudit, type TActor } from "../audit/record-audit";
import type { Database } from "../client";
import { notFound } from "../errors";

/**
 * Queues a test message to a channel (disabled ones too: testing before enabling is the point).
 * Returns the delivery for the caller to hand to the queue; its status shows in the delivery log.
 */
export async function requestTestNotification({ db, actor, channelId, now }: { db: Database; actor: TActor; channelId: number; now: Date }) {
  return db.prisma.$transaction(async (tx) => {
    const channel = await tx.notificationChannel.findUnique({ where: { id: channelId }, select: { id: true, name: true } });
    if (!channel) throw notFound(`notification channel ${channelId}`);
    const delivery = await tx.notificationDelivery.create({
      data: { channelId, event: "TEST", requestedBy: actor.label, createdAt: now },
      select: { id: true, key: true, status: true, createdAt: true },
    });
    await recordAudit(tx, { actor, action: "notification_channel.test", targetType: "notification_channel", targetId: channelId, after: { deliveryId: delivery.id }, at: now });
    return { ...delivery, createdAt: delivery.createdAt.toISOString() };
  });
}
