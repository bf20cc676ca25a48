import { recordAudit, type TActor } from "../audit/record-audit";
import type { Database } from "../client";
import { notFound } from "../errors";
import { channelAudit } from "./channel-shape";

/** Deletes a channel and its delivery log; deliveries still queued for it are dropped by the worker. */
export async function deleteNotificationChannel({ db, actor, channelId, now }: { db: Database; actor: TActor; channelId: number; now: Date }) {
  return db.prisma.$transaction(async (tx) => {
    const row = await tx.notificationChannel.findUnique({ where: { id: channelId } });
    if (!row) throw notFound(`notification channel ${channelId}`);
    await tx.notificationChannel.delete({ where: { id: channelId } });
    await recordAudit(tx, { actor, action: "notification_channel.delete", targetType: "notification_channel", targetId: channelId, before: channelAudit(row), at: now });
    return { id: channelId, deleted: true };
  });
}
