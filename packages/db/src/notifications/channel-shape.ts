import type { NotificationChannel, NotificationDelivery } from "../generated/prisma/client";
import { maskSecret } from "./mask-secret";
import type { TNotificationChannel } from "./types";

type TLast = Pick<NotificationDelivery, "id" | "status" | "event" | "createdAt" | "lastAttemptAt" | "finishedAt" | "lastHttpStatus" | "lastError">;

/** A channel row as the API shows it: credential masked. */
export function channelShape(row: NotificationChannel, last?: TLast | null): TNotificationChannel {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    enabled: row.enabled,
    url: row.kind === "WEBHOOK" ? row.url : null,
    chatId: row.kind === "TELEGRAM" ? row.chatId : null,
    secretHint: maskSecret(row.kind, row.secret),
    kinds: row.kinds ?? [],
    minSeverity: row.minSeverity,
    notifyResolved: row.notifyResolved,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    lastDelivery: last
      ? {
          id: last.id,
          status: last.status,
          event: last.event,
          at: (last.finishedAt ?? last.lastAttemptAt ?? last.createdAt).toISOString(),
          httpStatus: last.lastHttpStatus,
          error: last.lastError,
        }
      : null,
  };
}

/** What the audit log keeps of a channel: its settings, never its credential (nor a masked form). */
export function channelAudit(row: Omit<NotificationChannel, "secret">) {
  return {
    name: row.name,
    kind: row.kind,
    enabled: row.enabled,
    url: row.kind === "WEBHOOK" ? row.url : null,
    chatId: row.chatId,
    kinds: row.kinds ?? [],
    minSeverity: row.minSeverity,
    notifyResolved: row.notifyResolved,
  };
}
