"use client";
import { useMutation } from "@tanstack/react-query";
import { apiSend } from "@/lib/api";

/** Asks for the ledger of the period to be rebuilt in the background (late telemetry, revised prices). */
export function RebuildButton({ params, compact }: { params: { from: string; to: string; timeZone: string }; compact?: boolean }) {
  const rebuild = useMutation({ mutationFn: () => apiSend("POST", "/api/v1/finance/ledger/rebuild", { from: params.from, to: params.to, timeZone: params.timeZone }) });
  return (
    <span>
      <button type="button" className={compact ? "link" : undefined} disabled={rebuild.isPending} onClick={() => rebuild.mutate()}>
        Rebuild the ledger for this period
      </button>{" "}
      {rebuild.isSuccess && <span className="muted">Rebuild queued: refresh in a minute.</span>}
      {rebuild.isError && <span className="warn-text">{rebuild.error.message}</span>}
    </span>
  );
}
