"use client";
import type { TDecision } from "@rigshift/db";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { DecisionRows } from "@/app/(dash)/decisions/decision-rows";
import { KeysetPager } from "@/components/pager";
import { Empty, Failed, Loading } from "@/components/states";
import { apiGet } from "@/lib/api";

/** This rig's decision history with the scheduler's explanations. */
export function RigDecisions({ rigId }: { rigId: number }) {
  const [cursors, setCursors] = useState<string[]>([]);
  const before = cursors.at(-1);
  const q = useQuery({
    queryKey: ["decisions", { rigId, before }],
    queryFn: () => apiGet<{ rows: TDecision[]; next: string | null }>(`/api/v1/decisions?rigId=${rigId}&limit=15${before ? `&before=${before}` : ""}`),
    placeholderData: keepPreviousData,
    refetchInterval: before ? false : 15_000,
  });
  return (
    <section className="panel" aria-label="Decision history">
      <h2>Decision history</h2>
      {q.isPending ? (
        <Loading label="Loading decisions" />
      ) : q.isError && !q.data ? (
        <Failed what="the decisions" error={q.error} />
      ) : q.data.rows.length === 0 ? (
        <Empty>The scheduler has not decided for this rig yet.</Empty>
      ) : (
        <>
          <DecisionRows rows={q.data.rows} showRig={false} />
          <KeysetPager hasPrevious={cursors.length > 0} next={q.data.next} onNewest={() => setCursors([])} onOlder={(c) => setCursors([...cursors, c])} />
        </>
      )}
    </section>
  );
}
