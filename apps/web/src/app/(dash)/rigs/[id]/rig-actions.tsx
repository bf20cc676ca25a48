"use client";
import type { TRigDetail } from "@rigshift/db";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Confirm } from "@/components/confirm";
import { MODE_LABEL } from "@/components/format";
import { type ApiError, apiSend } from "@/lib/api";
import type { TMode } from "@/schemas/fields";
import type { TRigAction } from "@/schemas/rigs";

/** The operator's actions on one rig, each confirmed first. */
export function RigActions({ rig }: { rig: TRigDetail }) {
  const client = useQueryClient();
  const [mode, setMode] = useState<TMode>(rig.pin?.mode ?? "MINE");
  const [workload, setWorkload] = useState("");
  const [hours, setHours] = useState("");
  const [pending, setPending] = useState<{ action: TRigAction; title: string } | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const mutation = useMutation({
    mutationFn: (action: TRigAction) => apiSend("POST", `/api/v1/rigs/${rig.id}/actions`, action),
    onSuccess: () => {
      setDone(`${pending?.title ?? "Done"}: done.`);
      setPending(null);
      client.invalidateQueries({ queryKey: ["rig", rig.id] });
    },
  });
  const offers = rig.workloads.filter((w) => w.mode === mode);
  const ask = (action: TRigAction, title: string) => {
    mutation.reset();
    setDone(null);
    setPending({ action, title });
  };
  const inMaintenance = rig.lifecycle === "MAINTENANCE";
  return (
    <section className="panel" aria-label="Actions">
      <h2>Actions</h2>
      <div className="action-row">
        <span className="group">
          <select
            aria-label="Pin mode"
            value={mode}
            onChange={(e) => {
              setMode(e.target.value as TMode);
              setWorkload("");
            }}
          >
            <option value="MINE">mine</option>
            <option value="AI">AI</option>
            <option value="IDLE">idle</option>
          </select>
          {mode !== "IDLE" && (
            <select aria-label="Workload" value={workload} onChange={(e) => setWorkload(e.target.value)}>
              <option value="">{offers[0] ? `default (${offers[0].key})` : "none offered"}</option>
              {offers.map((w) => (
                <option key={w.key} value={w.key}>
                  {w.key}
                </option>
              ))}
            </select>
          )}
          <select aria-label="Pin duration" value={hours} onChange={(e) => setHours(e.target.value)}>
            <option value="">until released</option>
            <option value="1">for 1 h</option>
            <option value="4">for 4 h</option>
            <option value="24">for 24 h</option>
          </select>
          <button
            type="button"
            onClick={() =>
              ask(
                { action: "pin", mode, workload: workload || null, untilHours: hours ? Number(hours) : null },
                `Pin ${rig.hostname} to ${MODE_LABEL[mode]}${workload ? ` (${workload})` : ""}`,
              )
            }
          >
            Pin
          </button>
        </span>
        <button type="button" disabled={!rig.pin} onClick={() => ask({ action: "release" }, `Release the pin of ${rig.hostname}`)}>
          Release pin
        </button>
        <button type="button" onClick={() => ask({ action: "maintenance", on: !inMaintenance }, `Maintenance ${inMaintenance ? "off" : "on"} for ${rig.hostname}`)}>
          {inMaintenance ? "Maintenance off" : "Maintenance on"}
        </button>
        <button type="button" disabled={!rig.desired} onClick={() => ask({ action: "restart" }, `Restart the workload of ${rig.hostname}`)}>
          Restart workload
        </button>
        {done && (
          <span className="ok-text" role="status">
            {done}
          </span>
        )}
      </div>
      {pending && (
        <Confirm
          title={`${pending.title}?`}
          confirmLabel="Confirm"
          busy={mutation.isPending}
          error={mutation.error ? (mutation.error as ApiError).message : null}
          onConfirm={() => mutation.mutate(pending.action)}
          onCancel={() => setPending(null)}
        >
          {pending.action.action === "pin" && <p>The rig is told now; the scheduler keeps this mode while the pin holds.</p>}
          {pending.action.action === "restart" && <p>The agent restarts the same workload (a new desired-state generation).</p>}
          {pending.action.action === "maintenance" && (
            <p>{pending.action.on ? "The rig idles (preemptible AI jobs go back to the queue)." : "The rig goes back to its pin, or to mining until the scheduler decides."}</p>
          )}
          {pending.action.action === "release" && <p>The scheduler decides for this rig again from its next epoch.</p>}
        </Confirm>
      )}
    </section>
  );
}
