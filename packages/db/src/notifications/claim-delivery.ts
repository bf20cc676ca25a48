import type { TSeverity } from "../alerts/kinds";
import type { Database } from "../client";
import type { TChannelKind, TNotificationEvent } from "./types";

/** Everything a worker needs to send one delivery, the channel's credential included. Never log it whole. */
export interface TClaimedDelivery {
  id: number;
  key: string;
  event: TNotificationEvent;
  /** This attempt's number, from 1. */
  attempt: number;
  createdAt: Date;
  requestedBy: string | null;
  channel: { id: number; name: string; kind: TChannelKind; enabled: boolean; url: string | null; secret: string; chatId: string | null };
  alert: {
    id: number;
    kind: string;
    severity: TSeverity;
    message: string;
    openedAt: Date;
    resolvedAt: Date | null;
    jobId: number | null;
    rig: { id: number; hostname: string } | null;
    site: { id: number; code: string } | null;
  } | null;
}

/** The claim: one attempt, counted, by one worker at a time (a lease), on a delivery still pending. */
const SQL_CLAIM = `
UPDATE "NotificationDelivery" SET attempts = attempts + 1, "lastAttemptAt" = $2, "claimedUntil" = $3
WHERE id = $1 AND status = 'PENDING' AND ("claimedUntil" IS NULL OR "claimedUntil" < $2)
RETURNING id, key, "channelId", "alertId", event, attempts, "createdAt", "requestedBy"`;

/**
 * Takes a pending delivery for one attempt, for `leaseMs` (longer than a request's timeout). Null
 * when there is nothing to do: already delivered or failed, being sent by another worker, or its
 * channel deleted. This is what makes a delivery go out once however many jobs name it.
 */
export async function claimDelivery({ db, deliveryId, now, leaseMs }: { db: Database; deliveryId: number; now: Date; leaseMs: number }): Promise<TClaimedDelivery | null> {
  const { rows } = await db.pool.query<{
    id: number;
    key: string;
    channelId: number;
    alertId: number | null;
    event: TNotificationEvent;
    attempts: number;
    createdAt: Date;
    requestedBy: string | null;
  }>(SQL_CLAIM, [deliveryId, now, new Date(now.getTime() + leaseMs)]);
  const d = rows[0];
  if (!d) return null;
  const [channel, alert] = await Promise.all([
    db.prisma.notificationChannel.findUnique({
      where: { id: d.channelId },
      select: { id: true, name: true, kind: true, enabled: true, url: true, secret: true, chatId: true },
    }),
    d.alertId === null ? null : db.prisma.alert.findUnique({ where: { id: d.alertId } }),
  ]);
  if (!channel) return null;
  const [rig, site] = await Promise.all([
    alert?.rigId ? db.prisma.rig.findUnique({ where: { id: alert.rigId }, select: { id: true, hostname: true, siteId: true } }) : null,
    alert?.siteId ? db.prisma.site.findUnique({ where: { id: alert.siteId }, select: { id: true, code: true } }) : null,
  ]);
  return {
    id: d.id,
    key: d.key,
    event: d.event,
    attempt: d.attempts,
    createdAt: d.createdAt,
    requestedBy: d.requestedBy,
    channel,
    alert: alert
      ? {
          id: alert.id,
          kind: alert.kind,
          severity: alert.severity,
          message: alert.message,
          openedAt: alert.openedAt,
          resolvedAt: alert.resolvedAt,
          jobId: alert.jobId,
          rig: rig ? { id: rig.id, hostname: rig.hostname } : null,
          site,
        }
      : null,
  };
}
