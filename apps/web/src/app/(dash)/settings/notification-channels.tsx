"use client";
import { ALERT_KINDS } from "@rigshift/db/alert-kinds";
import type { TNotificationChannel } from "@rigshift/db/notifications";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Confirm } from "@/components/confirm";
import { formatAgo } from "@/components/format";
import { Empty, Failed, Loading } from "@/components/states";
import { type ApiError, apiGet, apiSend } from "@/lib/api";
import { DeliveryLog } from "./delivery-log";
import { NewChannelForm } from "./new-channel-form";
import { DELIVERY_PILL, KIND_LABEL } from "./notification-labels";

function receives(c: TNotificationChannel): string {
  const kinds = c.kinds.length === 0 ? "every alert" : c.kinds.map((k) => ALERT_KINDS[k as keyof typeof ALERT_KINDS] ?? k).join(", ");
  return `${kinds}, ${c.minSeverity.toLowerCase()} and above${c.notifyResolved ? ", and resolutions" : ""}`;
}

/** Where a channel sends, credential masked (only its last characters are shown). */
function Destination({ channel: c }: { channel: TNotificationChannel }) {
  const secret = <code title="Stored; only its last characters are shown">{c.secretHint}</code>;
  if (c.kind === "WEBHOOK")
    return (
      <>
        <code>{c.url}</code>
        <br />
        <span className="muted small">signing secret {secret}</span>
      </>
    );
  if (c.kind === "TELEGRAM")
    return (
      <>
        chat <code>{c.chatId}</code>
        <br />
        <span className="muted small">bot {secret}</span>
      </>
    );
  return secret;
}

/** Where alert notifications go (signed webhooks, Slack, Telegram), and what became of them. */
export function NotificationChannels() {
  const client = useQueryClient();
  const channels = useQuery({
    queryKey: ["notification-channels"],
    queryFn: () => apiGet<{ channels: TNotificationChannel[] }>("/api/v1/notification-channels"),
    refetchInterval: 15_000,
  });
  const refresh = () => {
    client.invalidateQueries({ queryKey: ["notification-channels"] });
    client.invalidateQueries({ queryKey: ["notification-deliveries"] });
  };
  const [pending, setPending] = useState<{ channel: TNotificationChannel; action: "delete" | "disable" } | null>(null);
  const [notice, setNotice] = useState<{ channelId: number; text: string; error?: boolean } | null>(null);
  const change = useMutation({
    mutationFn: (p: { channel: TNotificationChannel; action: "delete" | "disable" | "enable" }) =>
      p.action === "delete"
        ? apiSend("DELETE", `/api/v1/notification-channels/${p.channel.id}`)
        : apiSend("PATCH", `/api/v1/notification-channels/${p.channel.id}`, { enabled: p.action === "enable" }),
    onSuccess: () => {
      setPending(null);
      refresh();
    },
    onError: (e, p) => p.action === "enable" && setNotice({ channelId: p.channel.id, text: `Could not enable "${p.channel.name}": ${e.message}`, error: true }),
  });
  const test = useMutation({
    mutationFn: (channel: TNotificationChannel) => apiSend<{ delivery: { id: number } }>("POST", `/api/v1/notification-channels/${channel.id}/test`),
    onSuccess: (r, channel) => {
      setNotice({ channelId: channel.id, text: `Test message #${r.delivery.id} to "${channel.name}" queued: its outcome shows in the delivery log below.` });
      refresh();
    },
    onError: (e, channel) => setNotice({ channelId: channel.id, text: `Test message to "${channel.name}": ${e.message}`, error: true }),
  });

  return (
    <section className="panel" aria-label="Notifications">
      <h2>Notifications</h2>
      <p className="muted small">
        Alerts are sent to these channels when they open (and, if asked, when they resolve); failed sends are retried for about ten minutes. Webhooks are signed: see the operator
        guide.
      </p>
      {notice && (
        <p className={`banner ${notice.error ? "error" : "ok"}`} role={notice.error ? "alert" : "status"} data-testid="channel-notice">
          {notice.text}
        </p>
      )}
      {channels.isPending ? (
        <Loading label="Loading notification channels" />
      ) : channels.isError && !channels.data ? (
        <Failed what="the notification channels" error={channels.error} onRetry={() => channels.refetch()} />
      ) : channels.data.channels.length === 0 ? (
        <Empty>No notification channels yet: alerts show on the dashboard only. Add one below.</Empty>
      ) : (
        <div className="table-wrap">
          <table aria-label="Notification channels">
            <thead>
              <tr>
                <th>Channel</th>
                <th className="hide-sm">Destination</th>
                <th className="hide-sm">Receives</th>
                <th>Last delivery</th>
                <th>State</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {channels.data.channels.map((c) => (
                <tr key={c.id} data-testid={`channel-${c.name}`}>
                  <td>
                    {c.name} <span className="muted small">{KIND_LABEL[c.kind]}</span>
                  </td>
                  <td className="hide-sm">
                    <Destination channel={c} />
                  </td>
                  <td className="hide-sm small wrap">{receives(c)}</td>
                  <td>
                    {c.lastDelivery ? (
                      <span title={c.lastDelivery.error ?? undefined}>
                        <span className={`pill ${DELIVERY_PILL[c.lastDelivery.status]}`}>{c.lastDelivery.status.toLowerCase()}</span>{" "}
                        <span className="muted small">{formatAgo(c.lastDelivery.at)}</span>
                      </span>
                    ) : (
                      <span className="muted small">none yet</span>
                    )}
                  </td>
                  <td>{c.enabled ? <span className="pill online">enabled</span> : <span className="pill offline">disabled</span>}</td>
                  <td>
                    <div className="row-actions">
                      <button
                        type="button"
                        className="small"
                        disabled={test.isPending && test.variables?.id === c.id}
                        onClick={() => {
                          setNotice(null);
                          test.mutate(c);
                        }}
                      >
                        Send test
                      </button>
                      {c.enabled ? (
                        <button
                          type="button"
                          className="small"
                          onClick={() => {
                            change.reset();
                            setPending({ channel: c, action: "disable" });
                          }}
                        >
                          Disable
                        </button>
                      ) : (
                        <button type="button" className="small" disabled={change.isPending} onClick={() => change.mutate({ channel: c, action: "enable" })}>
                          Enable
                        </button>
                      )}
                      <button
                        type="button"
                        className="small danger"
                        onClick={() => {
                          change.reset();
                          setPending({ channel: c, action: "delete" });
                        }}
                      >
                        Delete
                      </button>
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h3>Add a channel</h3>
      <NewChannelForm onCreated={refresh} />
      <DeliveryLog channels={channels.data?.channels ?? []} />
      {pending && (
        <Confirm
          title={pending.action === "delete" ? `Delete the channel "${pending.channel.name}"?` : `Disable the channel "${pending.channel.name}"?`}
          confirmLabel={pending.action === "delete" ? "Delete" : "Disable"}
          danger
          busy={change.isPending}
          error={change.error ? (change.error as ApiError).message : null}
          onConfirm={() => change.mutate(pending)}
          onCancel={() => setPending(null)}
        >
          {pending.action === "delete" ? (
            <p>Its delivery log goes with it, and messages still queued for it are dropped. The audit log keeps a record.</p>
          ) : (
            <p>No alerts are sent to it until it is enabled again; messages still queued for it are not sent. Test messages still go out.</p>
          )}
        </Confirm>
      )}
    </section>
  );
}
