"use client";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { formatTime } from "@/components/format";
import { KeysetPager } from "@/components/pager";
import { Empty, Failed, Loading, StaleNotice } from "@/components/states";
import { apiGet, qs } from "@/lib/api";

interface TEntry {
  id: string;
  at: string;
  actorLabel: string;
  action: string;
  targetType: string;
  targetId: string;
  before: unknown;
  after: unknown;
}

/** Who did what to which target, with the state before and after; newest first. */
export function AuditView() {
  const [draft, setDraft] = useState({ action: "", actor: "", targetType: "" });
  const [search, setSearch] = useState(draft);
  const [cursors, setCursors] = useState<string[]>([]);
  const before = cursors.at(-1);
  const q = useQuery({
    queryKey: ["audit", search, before],
    queryFn: () => apiGet<{ rows: TEntry[]; next: string | null }>(`/api/v1/audit${qs({ ...search, before, limit: 50 })}`),
    placeholderData: keepPreviousData,
    refetchInterval: before ? false : 15_000,
  });
  return (
    <>
      <form
        className="filters"
        aria-label="Search the audit log"
        onSubmit={(e) => {
          e.preventDefault();
          setCursors([]);
          setSearch(draft);
        }}
      >
        <label className="filter grow">
          <span>Action</span>
          <input aria-label="Action" type="search" value={draft.action} onChange={(e) => setDraft({ ...draft, action: e.target.value })} placeholder="starts with, e.g. rig." />
        </label>
        <label className="filter grow">
          <span>Actor</span>
          <input aria-label="Actor" type="search" value={draft.actor} onChange={(e) => setDraft({ ...draft, actor: e.target.value })} placeholder="email or api-key" />
        </label>
        <label className="filter">
          <span>Target</span>
          <select aria-label="Target" value={draft.targetType} onChange={(e) => setDraft({ ...draft, targetType: e.target.value })}>
            <option value="">all</option>
            {["rig", "job", "site", "alert", "user", "enrollment_token", "agent_token", "api_key", "price_series"].map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="primary">
          Search
        </button>
      </form>
      {q.isPending ? (
        <Loading label="Loading audit log" height={300} />
      ) : q.isError && !q.data ? (
        <Failed what="the audit log" error={q.error} onRetry={() => q.refetch()} />
      ) : (
        <section className="panel">
          <StaleNotice error={q.error} updatedAt={q.dataUpdatedAt} />
          {q.data.rows.length === 0 ? (
            <Empty>No entries match.</Empty>
          ) : (
            <div className="table-wrap">
              <table aria-label="Audit log">
                <thead>
                  <tr>
                    <th>Time</th>
                    <th>Actor</th>
                    <th>Action</th>
                    <th>Target</th>
                    <th>Change</th>
                  </tr>
                </thead>
                <tbody>
                  {q.data.rows.map((r) => (
                    <tr key={r.id} data-testid={`audit-${r.action}`}>
                      <td>{formatTime(r.at)}</td>
                      <td>{r.actorLabel}</td>
                      <td>{r.action}</td>
                      <td>
                        {r.targetType} {r.targetId}
                      </td>
                      <td className="wrap">
                        <details>
                          <summary className="muted small">before / after</summary>
                          <pre className="json">{JSON.stringify({ before: r.before ?? null, after: r.after ?? null }, null, 2)}</pre>
                        </details>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <KeysetPager hasPrevious={cursors.length > 0} next={q.data.next} onNewest={() => setCursors([])} onOlder={(c) => setCursors([...cursors, c])} />
        </section>
      )}
    </>
  );
}
