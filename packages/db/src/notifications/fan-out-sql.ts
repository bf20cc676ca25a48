/**
 * The outbox write: one NotificationDelivery per (alert event, matching channel), in the
 * transaction that opened or resolved the alerts. Set-based like refreshAlerts. The unique
 * (channelId, alertId, event) makes it idempotent: an alert event reaches a channel once,
 * however many workers refresh. A channel matches when it is enabled, the alert's kind is in
 * its kinds (or it lists none), the severity is at or above its minimum (Postgres orders the
 * Severity enum INFO < WARNING < CRITICAL), and, for a resolution, it asked for those.
 * $1 = ids of opened alerts, $2 = ids of resolved alerts. Returns the deliveries' ids.
 */
export const SQL_FAN_OUT = `
INSERT INTO "NotificationDelivery" ("channelId", "alertId", event)
SELECT ch.id, a.id, e.event
FROM (SELECT unnest($1::int[]) AS id, 'OPENED'::"NotificationEvent" AS event
      UNION ALL SELECT unnest($2::int[]), 'RESOLVED'::"NotificationEvent") e
JOIN "Alert" a ON a.id = e.id
JOIN "NotificationChannel" ch ON ch.enabled AND a.severity >= ch."minSeverity"
  AND (coalesce(cardinality(ch.kinds), 0) = 0 OR a.kind = ANY(ch.kinds))
  AND (e.event = 'OPENED' OR ch."notifyResolved")
ON CONFLICT ("channelId", "alertId", event) DO NOTHING
RETURNING id`;
