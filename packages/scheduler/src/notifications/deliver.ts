/**
 * The notification job's work: claim the delivery, send it once, record the outcome. The claim
 * (packages/db claimDelivery) makes it idempotent: a delivered or failed delivery is left alone,
 * and one being sent by another worker is retried later, not sent twice.
 */
import type { Database } from "@rigshift/db";
import { claimDelivery, finishAttempt, redact, type TAttemptOutcome } from "@rigshift/db/notifications";
import { requestFor } from "./requests";
import { sendRequest } from "./send";

export interface TDeliverOptions {
  db: Database;
  deliveryId: number;
  now: () => Date;
  /** The attempt that fails for good instead of asking for a retry. */
  maxAttempts: number;
  fetch: typeof globalThis.fetch;
  /** Per request; the claim lasts longer. */
  timeoutMs: number;
  telegramApiBase: string;
  dashboardUrl: string | null;
}

export type TDeliverResult = TAttemptOutcome | { status: "SKIPPED"; reason: string } | { status: "BUSY" };

export async function deliverNotification(o: TDeliverOptions): Promise<TDeliverResult> {
  const startedAt = o.now();
  const d = await claimDelivery({ db: o.db, deliveryId: o.deliveryId, now: startedAt, leaseMs: o.timeoutMs + 25_000 });
  if (!d) {
    const row = await o.db.prisma.notificationDelivery.findUnique({ where: { id: o.deliveryId }, select: { status: true } });
    return row?.status === "PENDING" ? { status: "BUSY" } : { status: "SKIPPED", reason: row ? `already ${row.status.toLowerCase()}` : "deleted" };
  }
  let outcome: TAttemptOutcome;
  if (d.event !== "TEST" && !d.channel.enabled) {
    outcome = { status: "FAILED", httpStatus: null, error: "the channel was disabled before this was sent" };
  } else {
    const request = requestFor(d, { timestampSeconds: Math.floor(startedAt.getTime() / 1000), telegramApiBase: o.telegramApiBase, dashboardUrl: o.dashboardUrl });
    const sent = await sendRequest(request, { fetch: o.fetch, timeoutMs: o.timeoutMs });
    if (sent.kind === "delivered") outcome = { status: "DELIVERED", httpStatus: sent.httpStatus };
    else {
      const error = redact(sent.error, d.channel.secret);
      const last = sent.kind === "failed" || d.attempt >= o.maxAttempts;
      outcome = last
        ? { status: "FAILED", httpStatus: sent.httpStatus, error: sent.kind === "retry" ? `${error} (gave up after ${d.attempt} attempts)` : error }
        : { status: "RETRY", httpStatus: sent.httpStatus, error };
    }
  }
  await finishAttempt({ db: o.db, deliveryId: d.id, outcome, now: o.now() });
  return outcome;
}
