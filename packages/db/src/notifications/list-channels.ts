import type { Database } from "../client";
import { channelShape } from "./channel-shape";

/** Every channel (credentials masked) with its latest delivery, by name. */
export async function listNotificationChannels({ db }: { db: Database }) {
  const rows = await db.prisma.notificationChannel.findMany({
    orderBy: { name: "asc" },
    omit: { secret: false },
    include: {
      deliveries: {
        orderBy: { id: "desc" },
        take: 1,
        select: { id: true, status: true, event: true, createdAt: true, lastAttemptAt: true, finishedAt: true, lastHttpStatus: true, lastError: true },
      },
    },
  });
  return rows.map((r) => channelShape(r, r.deliveries[0]));
}
