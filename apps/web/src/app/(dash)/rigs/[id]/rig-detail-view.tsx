"use client";
import type { TRigDetail } from "@rigshift/db";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { Failed, Loading, StaleNotice } from "@/components/states";
import { type ApiError, apiGet } from "@/lib/api";
import { RigActions } from "./rig-actions";
import { RigCharts } from "./rig-charts";
import { RigDecisions } from "./rig-decisions";
import { RigEvents } from "./rig-events";
import { RigState } from "./rig-state";

export function RigDetailView({ rigId, canOperate }: { rigId: number; canOperate: boolean }) {
  const rig = useQuery({ queryKey: ["rig", rigId], queryFn: () => apiGet<TRigDetail>(`/api/v1/rigs/${rigId}`), refetchInterval: 5_000 });
  if (rig.isPending) return <Loading label="Loading rig" height={240} />;
  if (rig.isError && !rig.data) {
    if ((rig.error as ApiError).status === 404)
      return (
        <div className="panel">
          <h1>Rig not found</h1>
          <Link href="/rigs">Back to the rigs</Link>
        </div>
      );
    return <Failed what="the rig" error={rig.error} onRetry={() => rig.refetch()} />;
  }
  const r = rig.data;
  return (
    <>
      <div className="page-head">
        <h1>
          {r.hostname} <span className={`pill ${r.connectivity}`}>{r.lifecycle === "MAINTENANCE" ? "maintenance" : r.connectivity}</span>
          {r.pin && (
            <span className="badge" data-testid="pin-badge">
              pinned: {r.pin.mode.toLowerCase()}
            </span>
          )}
        </h1>
        <span className="muted">
          <Link href={`/sites/${r.site.id}`}>{r.site.code}</Link> · {r.model} · {r.kind === "ASIC" ? "ASIC" : `${r.devices.length} GPUs`} · agent {r.agentVersion ?? "?"}
          {r.tags.length > 0 && ` · ${r.tags.join(", ")}`}
        </span>
      </div>
      <StaleNotice error={rig.error} updatedAt={rig.dataUpdatedAt} />
      <RigState rig={r} />
      {canOperate && <RigActions rig={r} />}
      <RigCharts rigId={r.id} kind={r.kind} />
      <RigDecisions rigId={r.id} />
      <RigEvents rigId={r.id} />
    </>
  );
}
