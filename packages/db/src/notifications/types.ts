/** Notification shapes as the API returns them (types only: safe for client components). */
import type { TSeverity } from "../alerts/kinds";

export const CHANNEL_KINDS = ["WEBHOOK", "SLACK", "TELEGRAM"] as const;
export type TChannelKind = (typeof CHANNEL_KINDS)[number];
export const DELIVERY_STATUSES = ["PENDING", "DELIVERED", "FAILED"] as const;
export type TDeliveryStatus = (typeof DELIVERY_STATUSES)[number];
export type TNotificationEvent = "OPENED" | "RESOLVED" | "TEST";

/** A channel without its credential: `secretHint` shows its last characters only. */
export interface TNotificationChannel {
  id: number;
  name: string;
  kind: TChannelKind;
  enabled: boolean;
  /** WEBHOOK only. */
  url: string | null;
  /** TELEGRAM only. */
  chatId: string | null;
  /** The masked credential: signing secret, Slack webhook URL or bot token. */
  secretHint: string;
  /** Empty: every kind. */
  kinds: string[];
  minSeverity: TSeverity;
  notifyResolved: boolean;
  createdAt: string;
  updatedAt: string;
  lastDelivery: { id: number; status: TDeliveryStatus; event: TNotificationEvent; at: string; httpStatus: number | null; error: string | null } | null;
}

export interface TNotificationDelivery {
  id: number;
  key: string;
  channel: { id: number; name: string; kind: TChannelKind };
  event: TNotificationEvent;
  alert: { id: number; kind: string; severity: TSeverity; message: string } | null;
  status: TDeliveryStatus;
  attempts: number;
  lastHttpStatus: number | null;
  lastError: string | null;
  requestedBy: string | null;
  createdAt: string;
  lastAttemptAt: string | null;
  finishedAt: string | null;
}

/**
 * What a create takes; the credential depends on the kind. WEBHOOK: the secret is generated when
 * left out. SLACK: the url is the incoming webhook's, stored as the channel's secret.
 */
export type TChannelCreate = {
  name: string;
  enabled?: boolean;
  kinds: string[];
  minSeverity: TSeverity;
  notifyResolved: boolean;
} & ({ kind: "WEBHOOK"; url: string; secret?: string } | { kind: "SLACK"; url: string } | { kind: "TELEGRAM"; botToken: string; chatId: string });

/** What an update may change; fields that do not fit the channel's kind are refused. */
export interface TChannelPatch {
  name?: string;
  enabled?: boolean;
  kinds?: string[];
  minSeverity?: TSeverity;
  notifyResolved?: boolean;
  url?: string;
  secret?: string;
  botToken?: string;
  chatId?: string;
}
