"use client";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { formatTime } from "@/components/format";
import { Empty, Failed, Loading } from "@/components/states";
import { apiGet } from "@/lib/api";

interface TEvent {
  id: string;
  at: string;
  type: string;
  severity: "INFO" | "WARNING" | "CRITICAL";
  message: string;
}

/** The rig's agent events, newest first. */
export function RigEvents({ rigId }: { rigId: number }) {
  const [limit, setLimit] = useState(20);
  const q = useQuery({
    queryKey: ["rig-events", rigId, limit],
    queryFn: () => apiGet<{ events: TEvent[]; hasMore: boolean }>(`/api/v1/rigs/${rigId}/events?limit=${limit}`),
    placeholderData: keepPreviousData,
    refetchInterval: 10_000,
  });
  return (
    <section className="panel" aria-label="Agent events">
      <h2>Agent events</h2>
      {q.isPending ? (
        <Loading label="Loading events" />
      ) : q.isError && !q.data ? (
        <Failed what="the events" error={q.error} />
      ) : q.data.events.length === 0 ? (
        <Empty>No events from this rig's agent.</Empty>
      ) : (
        <>
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th>Time</th>
                  <th>Severity</th>
                  <th>Type</th>
                  <th>Message</th>
                </tr>
              </thead>
              <tbody>
                {q.data.events.map((e) => (
                  <tr key={e.id}>
                    <td>{formatTime(e.at)}</td>
                    <td>
                      <span className={`pill sev ${e.severity}`}>{e.severity.toLowerCase()}</span>
                    </td>
                    <td>{e.type}</td>
                    <td className="wrap">{e.message}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {q.data.hasMore && limit < 500 && (
            <button type="button" onClick={() => setLimit(Math.min(500, limit * 2))}>
              Show more
            </button>
          )}
        </>
      )}
    </section>
  );
}
