"use client";
import type { TJob } from "@rigshift/db";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { Confirm } from "@/components/confirm";
import { formatDuration, formatTime, formatUsd } from "@/components/format";
import { type ApiError, apiSend } from "@/lib/api";

const ACTIVE = new Set(["QUEUED", "PLACED", "RUNNING"]);

export function JobTable({ jobs, canManage }: { jobs: TJob[]; canManage: boolean }) {
  const client = useQueryClient();
  const [cancelling, setCancelling] = useState<TJob | null>(null);
  const cancel = useMutation({
    mutationFn: (id: number) => apiSend("POST", `/api/v1/jobs/${id}/cancel`),
    onSuccess: () => {
      setCancelling(null);
      client.invalidateQueries({ queryKey: ["jobs"] });
    },
  });
  return (
    <div className="table-wrap">
      <table aria-label="Jobs">
        <thead>
          <tr>
            <th>Job</th>
            <th>Status</th>
            <th>GPUs</th>
            <th className="num">$/GPU-h</th>
            <th className="hide-sm">Duration</th>
            <th className="num hide-sm">Priority</th>
            <th>Progress</th>
            <th className="hide-sm">Placement</th>
            <th className="hide-sm">Submitted</th>
            {canManage && <th />}
          </tr>
        </thead>
        <tbody>
          {jobs.map((j) => {
            const active = j.placements.filter((p) => !p.endedAt);
            return (
              <tr key={j.id} data-testid={`job-${j.name}`} data-status={j.status}>
                <td className="wrap job-cell">
                  <b>
                    #{j.id} {j.name}
                  </b>
                  <br />
                  <span className="muted small">
                    {j.customer}
                    {j.apiKeyPrefix && ` · API ${j.apiKeyPrefix}…`} · {j.runtimeProfile}
                    {j.preemptible ? "" : " · not preemptible"}
                    {j.deadline && ` · due ${formatTime(j.deadline)}`}
                  </span>
                </td>
                <td>
                  <span className={`pill job ${j.status}`}>{j.status.toLowerCase()}</span>
                </td>
                <td className="wrap">
                  {j.gpuCount} × ≥{j.minVramGbPerGpu} GB
                  {j.gpuModels.length > 0 && <span className="muted small"> {j.gpuModels.join(", ")}</span>}
                </td>
                <td className="num">{formatUsd(j.priceUsdPerGpuHour, j.priceUsdPerGpuHour < 1 ? 4 : 2)}</td>
                <td className="hide-sm">{formatDuration(j.durationSeconds)}</td>
                <td className="num hide-sm">{j.priority}</td>
                <td>
                  <span className="bar" role="progressbar" aria-valuenow={Math.round(j.progressPct)} aria-valuemin={0} aria-valuemax={100} aria-label={`progress of ${j.name}`}>
                    <span style={{ width: `${j.progressPct}%` }} />
                  </span>{" "}
                  <span className="small">{j.progressPct.toFixed(0)} %</span>
                </td>
                <td className="hide-sm wrap">
                  {active.length > 0 ? (
                    active.map((p) => (
                      <span key={p.id}>
                        <Link href={`/rigs/${p.rigId}`}>{p.hostname}</Link> <span className="muted small">GPUs {p.gpuIndices.join(",")}</span>{" "}
                      </span>
                    ))
                  ) : j.placements[0] ? (
                    <span className="muted small">
                      last on {j.placements[0].hostname} ({j.placements[0].endReason ?? "ended"})
                    </span>
                  ) : (
                    <span className="muted">–</span>
                  )}
                </td>
                <td className="hide-sm">{formatTime(j.submittedAt)}</td>
                {canManage && (
                  <td>
                    {ACTIVE.has(j.status) && (
                      <button
                        type="button"
                        className="small danger"
                        onClick={() => {
                          cancel.reset();
                          setCancelling(j);
                        }}
                      >
                        Cancel
                      </button>
                    )}
                  </td>
                )}
              </tr>
            );
          })}
        </tbody>
      </table>
      {cancelling && (
        <Confirm
          title={`Cancel job #${cancelling.id} ${cancelling.name}?`}
          confirmLabel="Cancel job"
          danger
          busy={cancel.isPending}
          error={cancel.error ? (cancel.error as ApiError).message : null}
          onConfirm={() => cancel.mutate(cancelling.id)}
          onCancel={() => setCancelling(null)}
        >
          <p>Its placements end now and the rigs running it are told to stop it.</p>
        </Confirm>
      )}
    </div>
  );
}
