"use client";
import type { TDecision } from "@rigshift/db";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { fromLocalInput } from "@/components/format";
import { KeysetPager } from "@/components/pager";
import { Empty, Failed, Loading, StaleNotice } from "@/components/states";
import { apiGet, qs } from "@/lib/api";
import { DecisionRows } from "./decision-rows";

interface TSearch {
  hostname: string;
  mode: string;
  reason: string;
  from: string;
  to: string;
  changedOnly: boolean;
}
const EMPTY: TSearch = { hostname: "", mode: "", reason: "", from: "", to: "", changedOnly: false };

/** The scheduler's decision log: searched and keyset-paged on the server. */
export function DecisionsView() {
  const [draft, setDraft] = useState<TSearch>(EMPTY);
  const [search, setSearch] = useState<TSearch>(EMPTY);
  const [cursors, setCursors] = useState<string[]>([]);
  const before = cursors.at(-1);
  const params = { ...search, from: fromLocalInput(search.from), to: fromLocalInput(search.to), changedOnly: search.changedOnly ? "1" : "", before, limit: 50 };
  const q = useQuery({
    queryKey: ["decisions", params],
    queryFn: () => apiGet<{ rows: TDecision[]; next: string | null }>(`/api/v1/decisions${qs(params)}`),
    placeholderData: keepPreviousData,
    refetchInterval: before ? false : 15_000,
  });
  const set = (k: keyof TSearch) => (e: React.ChangeEvent<HTMLInputElement | HTMLSelectElement>) =>
    setDraft({ ...draft, [k]: e.target instanceof HTMLInputElement && e.target.type === "checkbox" ? e.target.checked : e.target.value });
  return (
    <>
      <form
        className="filters"
        aria-label="Search decisions"
        onSubmit={(e) => {
          e.preventDefault();
          setCursors([]);
          setSearch(draft);
        }}
      >
        <label className="filter grow">
          <span>Rig hostname</span>
          <input aria-label="Rig hostname" type="search" value={draft.hostname} onChange={set("hostname")} placeholder="contains" />
        </label>
        <label className="filter">
          <span>Mode</span>
          <select aria-label="Mode" value={draft.mode} onChange={set("mode")}>
            <option value="">all</option>
            <option value="MINE">mine</option>
            <option value="AI">AI</option>
            <option value="IDLE">idle</option>
          </select>
        </label>
        <label className="filter grow">
          <span>Reason</span>
          <input aria-label="Reason" type="search" value={draft.reason} onChange={set("reason")} placeholder="text or code" />
        </label>
        <label className="filter">
          <span>From</span>
          <input aria-label="From" type="datetime-local" value={draft.from} onChange={set("from")} />
        </label>
        <label className="filter">
          <span>To</span>
          <input aria-label="To" type="datetime-local" value={draft.to} onChange={set("to")} />
        </label>
        <label className="filter check">
          <input type="checkbox" checked={draft.changedOnly} onChange={set("changedOnly")} /> switches only
        </label>
        <button type="submit" className="primary">
          Search
        </button>
      </form>
      {q.isPending ? (
        <Loading label="Loading decisions" height={300} />
      ) : q.isError && !q.data ? (
        <Failed what="the decisions" error={q.error} onRetry={() => q.refetch()} />
      ) : (
        <section className="panel">
          <StaleNotice error={q.error} updatedAt={q.dataUpdatedAt} />
          {q.data.rows.length === 0 ? <Empty>No decisions match.</Empty> : <DecisionRows rows={q.data.rows} showRig />}
          <KeysetPager hasPrevious={cursors.length > 0} next={q.data.next} onNewest={() => setCursors([])} onOlder={(c) => setCursors([...cursors, c])} />
        </section>
      )}
    </>
  );
}
