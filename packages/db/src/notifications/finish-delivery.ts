import type { Database } from "../client";

export type TAttemptOutcome =
  | { status: "DELIVERED"; httpStatus: number }
  /** Another attempt will follow (5xx, 429, network): the delivery stays pending. */
  | { status: "RETRY"; httpStatus: number | null; error: string }
  | { status: "FAILED"; httpStatus: number | null; error: string };

/** Records an attempt's outcome and releases the claim. Errors are stored truncated; callers redact credentials first. */
export async function finishAttempt({ db, deliveryId, outcome, now }: { db: Database; deliveryId: number; outcome: TAttemptOutcome; now: Date }) {
  const error = outcome.status === "DELIVERED" ? null : outcome.error.slice(0, 500);
  await db.prisma.notificationDelivery.updateMany({
    where: { id: deliveryId, status: "PENDING" },
    data: {
      status: outcome.status === "RETRY" ? "PENDING" : outcome.status,
      lastHttpStatus: outcome.httpStatus,
      lastError: error,
      claimedUntil: null,
      ...(outcome.status === "RETRY" ? {} : { finishedAt: now }),
    },
  });
}
