import type { Database } from "../client";

/** A delivery not finished a day after it was created is given up on. */
export const GIVE_UP_AFTER_MS = 24 * 3_600_000;

/**
 * Pending deliveries to hand to the queue: never handed over (just written by refreshAlerts), or
 * handed over long enough ago (`requeueAfterMs`, longer than all retries take) that their job
 * must have been lost. Oldest first. Pending ones older than a day are marked failed instead.
 */
export async function deliveriesToQueue({ db, now, requeueAfterMs, limit }: { db: Database; now: Date; requeueAfterMs: number; limit: number }) {
  await db.prisma.notificationDelivery.updateMany({
    where: { status: "PENDING", createdAt: { lt: new Date(now.getTime() - GIVE_UP_AFTER_MS) } },
    data: { status: "FAILED", lastError: "not delivered within 24 hours", finishedAt: now, claimedUntil: null },
  });
  return db.prisma.notificationDelivery.findMany({
    where: {
      status: "PENDING",
      OR: [{ queuedAt: null }, { queuedAt: { lt: new Date(now.getTime() - requeueAfterMs) } }],
      AND: [{ OR: [{ claimedUntil: null }, { claimedUntil: { lt: now } }] }],
    },
    orderBy: { id: "asc" },
    take: limit,
    select: { id: true, key: true },
  });
}

/** Notes that deliveries were handed to the queue (after the queue took them). */
export async function markQueued({ db, ids, now }: { db: Database; ids: number[]; now: Date }) {
  if (ids.length) await db.prisma.notificationDelivery.updateMany({ where: { id: { in: ids }, status: "PENDING" }, data: { queuedAt: now } });
}
