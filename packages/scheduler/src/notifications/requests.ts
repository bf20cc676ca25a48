/**
 * The HTTP request each channel kind gets. Pure: no clock (the timestamp is an argument), no env.
 *  - WEBHOOK: the alert as JSON, signed: X-Rigshift-Signature = "sha256=" + hex HMAC-SHA256 of
 *    "<X-Rigshift-Timestamp>.<body>" with the channel's secret; X-Rigshift-Delivery is the same on
 *    every retry of one delivery, for the receiver to drop repeats.
 *  - SLACK: an incoming-webhook message (text for notifications, blocks for the layout).
 *  - TELEGRAM: the bot API's sendMessage to the channel's chat, HTML formatted.
 */
import { createHmac } from "node:crypto";
import type { TClaimedDelivery } from "@rigshift/db/notifications";
import { messageOf } from "./message";

export interface THttpRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
}

export interface TRequestContext {
  /** Unix seconds, sent as X-Rigshift-Timestamp and signed with the body. */
  timestampSeconds: number;
  /** The Telegram bot API's base URL, e.g. https://api.telegram.org. */
  telegramApiBase: string;
  dashboardUrl: string | null;
}

export function signatureOf(secret: string, timestampSeconds: number, body: string): string {
  return `sha256=${createHmac("sha256", secret).update(`${timestampSeconds}.${body}`, "utf8").digest("hex")}`;
}

const EVENT = { OPENED: "alert.opened", RESOLVED: "alert.resolved", TEST: "test" } as const;

/** Slack mrkdwn and Telegram HTML both need these three escaped. */
const escapeMarkup = (s: string) => s.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");

export function requestFor(d: TClaimedDelivery, ctx: TRequestContext): THttpRequest {
  const m = messageOf(d, ctx.dashboardUrl);
  const json = { "content-type": "application/json", "user-agent": "Rigshift-Notifier/1" };
  if (d.channel.kind === "WEBHOOK") {
    const body = JSON.stringify({
      id: d.key,
      event: EVENT[d.event],
      sentAt: new Date(ctx.timestampSeconds * 1000).toISOString(),
      channel: { id: d.channel.id, name: d.channel.name },
      alert: d.alert
        ? {
            id: d.alert.id,
            kind: d.alert.kind,
            severity: d.alert.severity,
            message: d.alert.message,
            openedAt: d.alert.openedAt.toISOString(),
            resolvedAt: d.alert.resolvedAt?.toISOString() ?? null,
            rig: d.alert.rig,
            site: d.alert.site,
            jobId: d.alert.jobId,
          }
        : null,
      title: m.title,
      link: m.link,
    });
    return {
      url: d.channel.url ?? "",
      headers: {
        ...json,
        "x-rigshift-event": EVENT[d.event],
        "x-rigshift-delivery": d.key,
        "x-rigshift-timestamp": String(ctx.timestampSeconds),
        "x-rigshift-signature": signatureOf(d.channel.secret, ctx.timestampSeconds, body),
      },
      body,
    };
  }
  if (d.channel.kind === "SLACK") {
    const text = `${m.title}: ${m.body}`;
    const context = m.link ? `${escapeMarkup(m.context)} · <${m.link}|open in Rigshift>` : escapeMarkup(m.context);
    return {
      url: d.channel.secret,
      headers: json,
      body: JSON.stringify({
        text,
        blocks: [
          { type: "section", text: { type: "mrkdwn", text: `*${escapeMarkup(m.title)}*\n${escapeMarkup(m.body)}` } },
          { type: "context", elements: [{ type: "mrkdwn", text: context }] },
        ],
      }),
    };
  }
  const link = m.link ? `\n<a href="${escapeMarkup(m.link)}">open in Rigshift</a>` : "";
  return {
    url: `${ctx.telegramApiBase.replace(/\/+$/, "")}/bot${d.channel.secret}/sendMessage`,
    headers: json,
    body: JSON.stringify({
      chat_id: d.channel.chatId,
      text: `<b>${escapeMarkup(m.title)}</b>\n${escapeMarkup(m.body)}\n<i>${escapeMarkup(m.context)}</i>${link}`,
      parse_mode: "HTML",
      disable_web_page_preview: true,
    }),
  };
}
