import type { Database } from "../client";
import type { TDeliveryStatus, TNotificationDelivery } from "./types";

/** The delivery log, newest first, paged by keyset on the id; filters on channel and status. */
export async function listNotificationDeliveries({
  db,
  channelId,
  status,
  before,
  limit,
}: {
  db: Database;
  channelId?: number;
  status?: TDeliveryStatus;
  before?: number;
  limit: number;
}) {
  const rows = await db.prisma.notificationDelivery.findMany({
    where: { ...(channelId ? { channelId } : {}), ...(status ? { status } : {}), ...(before ? { id: { lt: before } } : {}) },
    orderBy: { id: "desc" },
    take: limit + 1,
    include: { channel: { select: { id: true, name: true, kind: true } }, alert: { select: { id: true, kind: true, severity: true, message: true } } },
  });
  const page = rows.slice(0, limit);
  const deliveries: TNotificationDelivery[] = page.map((d) => ({
    id: d.id,
    key: d.key,
    channel: d.channel,
    event: d.event,
    alert: d.alert,
    status: d.status,
    attempts: d.attempts,
    lastHttpStatus: d.lastHttpStatus,
    lastError: d.lastError,
    requestedBy: d.requestedBy,
    createdAt: d.createdAt.toISOString(),
    lastAttemptAt: d.lastAttemptAt?.toISOString() ?? null,
    finishedAt: d.finishedAt?.toISOString() ?? null,
  }));
  return { deliveries, next: rows.length > limit ? (page.at(-1)?.id ?? null) : null };
}
