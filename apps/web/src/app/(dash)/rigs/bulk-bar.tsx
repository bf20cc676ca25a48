"use client";
import type { TRigRow } from "@rigshift/db";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Confirm } from "@/components/confirm";
import { MODE_LABEL } from "@/components/format";
import { type ApiError, apiSend } from "@/lib/api";
import type { TMode } from "@/schemas/fields";
import type { TRigAction } from "@/schemas/rigs";

const DESCRIBE: Record<TRigAction["action"], string> = { pin: "Pin", release: "Release the pin of", maintenance: "Set maintenance on", restart: "Restart the workload of" };

/** Bulk actions on the selected rigs, each behind a confirmation step. */
export function BulkBar({ rigs, onDone }: { rigs: TRigRow[]; onDone: (message: string) => void }) {
  const client = useQueryClient();
  const [mode, setMode] = useState<TMode>("MINE");
  const [hours, setHours] = useState("");
  const [pending, setPending] = useState<TRigAction | null>(null);
  const mutation = useMutation({
    mutationFn: (action: TRigAction) => apiSend<{ rigs: unknown[] }>("POST", "/api/v1/rigs/actions", { ...action, rigIds: rigs.map((r) => r.id) }),
    onSuccess: (data, action) => {
      setPending(null);
      onDone(`${describe(action)}: done for ${data.rigs.length} ${data.rigs.length === 1 ? "rig" : "rigs"}.`);
      client.invalidateQueries({ queryKey: ["rigs"] });
    },
  });
  const ask = (action: TRigAction) => {
    mutation.reset();
    setPending(action);
  };
  const describe = (a: TRigAction) =>
    a.action === "pin"
      ? `Pin to ${MODE_LABEL[a.mode]}${a.untilHours ? ` for ${a.untilHours} h` : ""}`
      : a.action === "maintenance"
        ? `Maintenance ${a.on ? "on" : "off"}`
        : DESCRIBE[a.action];
  return (
    <div className="bulk-bar" role="toolbar" aria-label="Bulk actions">
      <b>{rigs.length} selected</b>
      <span className="group">
        <select aria-label="Pin mode" value={mode} onChange={(e) => setMode(e.target.value as TMode)}>
          <option value="MINE">mine</option>
          <option value="AI">AI</option>
          <option value="IDLE">idle</option>
        </select>
        <select aria-label="Pin duration" value={hours} onChange={(e) => setHours(e.target.value)}>
          <option value="">until released</option>
          <option value="1">for 1 h</option>
          <option value="4">for 4 h</option>
          <option value="24">for 24 h</option>
        </select>
        <button type="button" onClick={() => ask({ action: "pin", mode, untilHours: hours ? Number(hours) : null })}>
          Pin
        </button>
      </span>
      <button type="button" onClick={() => ask({ action: "release" })}>
        Release pin
      </button>
      <button type="button" onClick={() => ask({ action: "maintenance", on: true })}>
        Maintenance on
      </button>
      <button type="button" onClick={() => ask({ action: "maintenance", on: false })}>
        Maintenance off
      </button>
      {pending && (
        <Confirm
          title={`${describe(pending)}: ${rigs.length} ${rigs.length === 1 ? "rig" : "rigs"}?`}
          confirmLabel="Confirm"
          busy={mutation.isPending}
          error={mutation.error ? (mutation.error as ApiError).message : null}
          onConfirm={() => mutation.mutate(pending)}
          onCancel={() => setPending(null)}
        >
          <p>
            {rigs
              .slice(0, 12)
              .map((r) => r.hostname)
              .join(", ")}
            {rigs.length > 12 ? ` and ${rigs.length - 12} more` : ""}
          </p>
          {pending.action === "pin" && pending.mode !== "AI" && <p className="muted">Preemptible AI jobs on these rigs go back to the queue.</p>}
        </Confirm>
      )}
    </div>
  );
}
