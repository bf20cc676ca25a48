"use client";
import type { TRigPage } from "@rigshift/db";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { Pager } from "@/components/pager";
import { Failed, Loading, StaleNotice } from "@/components/states";
import { apiGet, qs } from "@/lib/api";
import { BulkBar } from "./bulk-bar";
import { RigFilters } from "./rig-filters";
import { RigTable } from "./rig-table";
import { useRigFilters } from "./use-rig-filters";

const PAGE_SIZE = 50;

export function RigsView({ canOperate }: { canOperate: boolean }) {
  const { filters, update } = useRigFilters();
  const page = Number(filters.page ?? 1);
  const query = useQuery({
    queryKey: ["rigs", filters],
    queryFn: () => apiGet<TRigPage>(`/api/v1/rigs${qs({ ...filters, pageSize: PAGE_SIZE })}`),
    placeholderData: keepPreviousData,
    refetchInterval: 5_000,
  });
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const [done, setDone] = useState<string | null>(null);
  // A new filter or page shows other rigs: the selection only ever holds rigs on screen.
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset on filter change only
  useEffect(() => setSelected(new Set()), [JSON.stringify(filters)]);

  return (
    <>
      <RigFilters filters={filters} onChange={update} />
      {canOperate && selected.size > 0 && query.data && (
        <BulkBar
          rigs={query.data.rows.filter((r) => selected.has(r.id))}
          onDone={(message) => {
            setSelected(new Set());
            setDone(message);
          }}
        />
      )}
      {done && (
        <div className="banner ok" role="status">
          {done}{" "}
          <button type="button" className="link" onClick={() => setDone(null)}>
            Dismiss
          </button>
        </div>
      )}
      {query.isPending ? (
        <Loading label="Loading rigs" height={300} />
      ) : query.isError && !query.data ? (
        <Failed what="the rigs" error={query.error} onRetry={() => query.refetch()} />
      ) : (
        <>
          <StaleNotice error={query.error} updatedAt={query.dataUpdatedAt} />
          <RigTable page={query.data} filters={filters} onSort={(sort, dir) => update({ sort, dir })} selectable={canOperate} selected={selected} onSelect={setSelected} />
          <Pager page={page} pageSize={PAGE_SIZE} total={query.data.total} onPage={(p) => update({ page: String(p) }, true)} />
        </>
      )}
    </>
  );
}
