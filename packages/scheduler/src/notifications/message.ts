/**
 * What a notification says, the same on every channel: a title line and the alert's message.
 * Pure: a claimed delivery in, words out.
 */
import { ALERT_KINDS, type TClaimedDelivery } from "@rigshift/db/notifications";

const ICON = { CRITICAL: "🔴", WARNING: "🟠", INFO: "🔵" } as const;

export interface TMessage {
  title: string;
  body: string;
  /** Facts for a footer: "alert #12 · opened 2026-11-22 14:05 UTC". */
  context: string;
  /** Where to look in the dashboard, when its address is configured. */
  link: string | null;
}

const utc = (d: Date) => `${d.toISOString().slice(0, 16).replace("T", " ")} UTC`;

/** What the alert is about, as an operator names it: "rig hot-01 (TX-1)", "site TX-1", "job #12". */
function subject(alert: NonNullable<TClaimedDelivery["alert"]>): string {
  if (alert.kind === "job.failed" && alert.jobId !== null) return `job #${alert.jobId}`;
  if (alert.rig) return `rig ${alert.rig.hostname}${alert.site ? ` (${alert.site.code})` : ""}`;
  if (alert.site) return `site ${alert.site.code}`;
  return "the farm";
}

export function messageOf(d: Pick<TClaimedDelivery, "event" | "alert" | "channel" | "requestedBy">, dashboardUrl: string | null): TMessage {
  const base = dashboardUrl?.replace(/\/+$/, "") ?? null;
  if (d.event === "TEST" || !d.alert) {
    return {
      title: "🔔 Test notification from Rigshift",
      body: `Channel "${d.channel.name}" is set up: alerts it subscribes to will arrive here.`,
      context: d.requestedBy ? `sent by ${d.requestedBy}` : "test",
      link: base ? `${base}/settings` : null,
    };
  }
  const a = d.alert;
  const label = ALERT_KINDS[a.kind as keyof typeof ALERT_KINDS] ?? a.kind;
  const resolved = d.event === "RESOLVED";
  return {
    title: resolved ? `✅ Resolved: ${label} on ${subject(a)}` : `${ICON[a.severity]} ${a.severity}: ${label} on ${subject(a)}`,
    body: a.message,
    context: `alert #${a.id} · ${a.kind} · opened ${utc(a.openedAt)}${a.resolvedAt ? ` · resolved ${utc(a.resolvedAt)}` : ""}`,
    link: base ? (a.rig ? `${base}/rigs/${a.rig.id}` : `${base}/alerts`) : null,
  };
}
