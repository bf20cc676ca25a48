"use client";
import type { TAlert, TAlertState } from "@rigshift/db";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { Confirm } from "@/components/confirm";
import { formatAgo, formatTime } from "@/components/format";
import { Pager } from "@/components/pager";
import { Empty, Failed, Loading, StaleNotice } from "@/components/states";
import { type ApiError, apiGet, apiSend } from "@/lib/api";

const STATES: TAlertState[] = ["open", "acknowledged", "resolved"];
const PAGE_SIZE = 50;

interface TPage {
  rows: TAlert[];
  total: number;
  counts: Record<TAlertState, number>;
}

/** Alerts by state; operators acknowledge and resolve them. */
export function AlertsView({ canManage }: { canManage: boolean }) {
  const client = useQueryClient();
  const [state, setState] = useState<TAlertState>("open");
  const [page, setPage] = useState(1);
  const [pending, setPending] = useState<{ alert: TAlert; action: "acknowledge" | "resolve" } | null>(null);
  const alerts = useQuery({
    queryKey: ["alerts", state, page],
    queryFn: () => apiGet<TPage>(`/api/v1/alerts?state=${state}&page=${page}&pageSize=${PAGE_SIZE}`),
    placeholderData: keepPreviousData,
    refetchInterval: 5_000,
  });
  const act = useMutation({
    mutationFn: (p: { alert: TAlert; action: "acknowledge" | "resolve" }) => apiSend("POST", `/api/v1/alerts/${p.alert.id}/${p.action}`),
    onSuccess: () => {
      setPending(null);
      client.invalidateQueries({ queryKey: ["alerts"] });
      client.invalidateQueries({ queryKey: ["overview"] });
    },
  });
  const counts = alerts.data?.counts;
  return (
    <>
      <div className="toolbar">
        <div className="segmented" role="tablist" aria-label="Alert state">
          {STATES.map((s) => (
            <button
              key={s}
              type="button"
              role="tab"
              aria-selected={s === state}
              className={s === state ? "on" : ""}
              onClick={() => {
                setState(s);
                setPage(1);
              }}
            >
              {s} {counts && <span className="count">{counts[s]}</span>}
            </button>
          ))}
        </div>
      </div>
      {alerts.isPending ? (
        <Loading label="Loading alerts" />
      ) : alerts.isError && !alerts.data ? (
        <Failed what="the alerts" error={alerts.error} onRetry={() => alerts.refetch()} />
      ) : (
        <section className="panel">
          <StaleNotice error={alerts.error} updatedAt={alerts.dataUpdatedAt} />
          {alerts.data.rows.length === 0 ? (
            <Empty>No {state} alerts.</Empty>
          ) : (
            <div className="table-wrap">
              <table aria-label="Alerts">
                <thead>
                  <tr>
                    <th>Severity</th>
                    <th>Where</th>
                    <th>What</th>
                    <th>Opened</th>
                    <th className="hide-sm">{state === "resolved" ? "Resolved" : "Acknowledged"}</th>
                    {canManage && state !== "resolved" && <th />}
                  </tr>
                </thead>
                <tbody>
                  {alerts.data.rows.map((a) => (
                    <tr key={a.id} data-testid={`alert-${a.kind}`}>
                      <td>
                        <span className={`pill sev ${a.severity}`}>{a.severity.toLowerCase()}</span>
                      </td>
                      <td>
                        {a.rig ? <Link href={`/rigs/${a.rig.id}`}>{a.rig.hostname}</Link> : "–"} <span className="muted small">{a.siteCode ?? ""}</span>
                      </td>
                      <td className="wrap">
                        <span className="muted small">{a.kind}</span>
                        <br />
                        {a.message}
                      </td>
                      <td title={formatTime(a.openedAt)}>{formatAgo(a.openedAt)}</td>
                      <td className="hide-sm">
                        {state === "resolved" ? (a.resolvedAt ? formatAgo(a.resolvedAt) : "") : a.acknowledgedAt ? `${formatAgo(a.acknowledgedAt)} by ${a.acknowledgedBy}` : "–"}
                      </td>
                      {canManage && state !== "resolved" && (
                        <td className="row-actions">
                          {state === "open" && (
                            <button
                              type="button"
                              className="small"
                              onClick={() => {
                                act.reset();
                                setPending({ alert: a, action: "acknowledge" });
                              }}
                            >
                              Acknowledge
                            </button>
                          )}
                          <button
                            type="button"
                            className="small"
                            onClick={() => {
                              act.reset();
                              setPending({ alert: a, action: "resolve" });
                            }}
                          >
                            Resolve
                          </button>
                        </td>
                      )}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <Pager page={page} pageSize={PAGE_SIZE} total={alerts.data.total} onPage={setPage} />
        </section>
      )}
      {pending && (
        <Confirm
          title={`${pending.action === "acknowledge" ? "Acknowledge" : "Resolve"} this alert?`}
          confirmLabel={pending.action === "acknowledge" ? "Acknowledge" : "Resolve"}
          busy={act.isPending}
          error={act.error ? (act.error as ApiError).message : null}
          onConfirm={() => act.mutate(pending)}
          onCancel={() => setPending(null)}
        >
          <p>{pending.alert.message}</p>
          {pending.action === "resolve" && <p className="muted">If the condition still holds, the alert opens again at the next check.</p>}
        </Confirm>
      )}
    </>
  );
}
