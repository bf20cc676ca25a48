"use client";
import { ALERT_KINDS } from "@rigshift/db/alert-kinds";
import type { TNotificationChannel, TNotificationDelivery } from "@rigshift/db/notifications";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { formatAgo, formatTime } from "@/components/format";
import { Empty, Failed, Loading, StaleNotice } from "@/components/states";
import { apiGet, qs } from "@/lib/api";
import { DELIVERY_PILL } from "./notification-labels";

const LIMIT = 25;
const STATUSES = ["PENDING", "DELIVERED", "FAILED"] as const;

function what(d: TNotificationDelivery): string {
  if (d.event === "TEST") return `test${d.requestedBy ? ` by ${d.requestedBy}` : ""}`;
  const label = d.alert ? (ALERT_KINDS[d.alert.kind as keyof typeof ALERT_KINDS] ?? d.alert.kind) : "alert";
  return `${label} ${d.event === "RESOLVED" ? "resolved" : "opened"}`;
}

/** Recent notification deliveries, newest first: what was sent where, and how it went. */
export function DeliveryLog({ channels }: { channels: TNotificationChannel[] }) {
  const [channelId, setChannelId] = useState("");
  const [status, setStatus] = useState("");
  /** Keyset pages: the cursors of the pages before this one. */
  const [cursors, setCursors] = useState<number[]>([]);
  const before = cursors.at(-1);
  const log = useQuery({
    queryKey: ["notification-deliveries", channelId, status, before],
    queryFn: () => apiGet<{ deliveries: TNotificationDelivery[]; next: number | null }>(`/api/v1/notification-deliveries${qs({ channelId, status, before, limit: LIMIT })}`),
    placeholderData: keepPreviousData,
    refetchInterval: 10_000,
  });
  const filter = (set: (v: string) => void) => (e: { target: { value: string } }) => {
    set(e.target.value);
    setCursors([]);
  };
  return (
    <>
      <div className="panel-head">
        <h3>Delivery log</h3>
        <div className="row-actions">
          <select aria-label="Filter deliveries by channel" value={channelId} onChange={filter(setChannelId)}>
            <option value="">all channels</option>
            {channels.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
          <select aria-label="Filter deliveries by status" value={status} onChange={filter(setStatus)}>
            <option value="">any status</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {s.toLowerCase()}
              </option>
            ))}
          </select>
        </div>
      </div>
      {log.isPending ? (
        <Loading label="Loading the delivery log" />
      ) : log.isError && !log.data ? (
        <Failed what="the delivery log" error={log.error} onRetry={() => log.refetch()} />
      ) : log.data.deliveries.length === 0 ? (
        <Empty>{channelId || status ? "No deliveries match these filters." : "Nothing sent yet: deliveries appear here when an alert opens or a test is sent."}</Empty>
      ) : (
        <>
          <StaleNotice error={log.isError ? log.error : null} updatedAt={log.dataUpdatedAt} />
          <div className="table-wrap">
            <table aria-label="Notification deliveries">
              <thead>
                <tr>
                  <th>Queued</th>
                  <th>Channel</th>
                  <th>What</th>
                  <th>Status</th>
                  <th className="num">Attempts</th>
                  <th className="hide-sm">Last answer</th>
                </tr>
              </thead>
              <tbody>
                {log.data.deliveries.map((d) => (
                  <tr key={d.id} data-testid={`delivery-${d.id}`}>
                    <td title={formatTime(d.createdAt)}>{formatAgo(d.createdAt)}</td>
                    <td>{d.channel.name}</td>
                    <td className="wrap">
                      {what(d)}
                      {d.alert && <span className="muted small"> · {d.alert.message}</span>}
                    </td>
                    <td>
                      <span className={`pill ${DELIVERY_PILL[d.status]}`}>{d.status.toLowerCase()}</span>
                    </td>
                    <td className="num">{d.attempts}</td>
                    <td className="hide-sm small wrap" title={d.lastError ?? undefined}>
                      {d.lastHttpStatus !== null && <code>HTTP {d.lastHttpStatus}</code>} {d.lastError && <span className="field-error">{d.lastError.slice(0, 120)}</span>}
                      {d.lastAttemptAt && <span className="muted"> {formatAgo(d.lastAttemptAt)}</span>}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div className="actions">
            {cursors.length > 0 && (
              <button type="button" className="small" onClick={() => setCursors([])}>
                Newest
              </button>
            )}
            {log.data.next !== null && (
              <button type="button" className="small" onClick={() => setCursors((c) => [...c, log.data.next!])}>
                Older
              </button>
            )}
          </div>
        </>
      )}
    </>
  );
}
