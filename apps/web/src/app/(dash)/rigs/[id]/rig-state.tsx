"use client";
import type { TRigDetail } from "@rigshift/db";
import Link from "next/link";
import { formatAgo, formatHashrate, formatW, MODE_LABEL } from "@/components/format";

/** What the rig reports, what it is told (and by whom), its pin and its AI jobs. */
export function RigState({ rig }: { rig: TRigDetail }) {
  const s = rig.state;
  const d = rig.desired;
  const converged = s && d && s.appliedGeneration === d.generation;
  return (
    <div className="cards">
      <section className="card-stat" aria-label="Current state">
        <span className="label">Reported</span>
        {s ? (
          <>
            <b>
              <span className={`mode ${s.mode ?? ""}`}>{s.mode ? MODE_LABEL[s.mode] : "unknown"}</span> {s.workload ?? ""}
            </b>
            <span className="muted">
              {s.powerW !== null ? formatW(s.powerW) : "–"} · {s.maxTempC !== null ? `${s.maxTempC.toFixed(0)} °C max` : "–"}
              {s.inletTempC !== null ? ` · inlet ${s.inletTempC.toFixed(0)} °C` : ""}
              {s.avgUtilPct !== null && rig.kind === "GPU_RIG" ? ` · ${s.avgUtilPct.toFixed(0)} % util` : ""}
              {s.hashrateHs ? ` · ${formatHashrate(s.hashrateHs)}` : ""}
            </span>
            <small className="muted">
              generation {s.appliedGeneration ?? "?"} applied · {s.healthy ? "healthy" : "device errors"} · reported {formatAgo(rig.lastSeenAt)}
            </small>
          </>
        ) : (
          <span className="muted">no report yet</span>
        )}
      </section>
      <section className="card-stat" aria-label="Desired state" data-testid="desired-state" data-source={d?.source ?? ""}>
        <span className="label">Desired</span>
        {d ? (
          <>
            <b>
              <span className={`mode ${d.mode}`}>{MODE_LABEL[d.mode]}</span> {d.workload ?? ""}
            </b>
            <span className="muted">
              set by <b data-testid="desired-source">{d.source.toLowerCase()}</b> · generation {d.generation}
            </span>
            <small className={converged ? "ok-text" : "warn-text"}>{converged ? "the rig runs it" : "waiting for the rig to apply it"}</small>
          </>
        ) : (
          <span className="muted">none yet</span>
        )}
      </section>
      <section className="card-stat" aria-label="Pin and jobs">
        <span className="label">Pin</span>
        {rig.pin ? (
          <b data-testid="pin">
            {MODE_LABEL[rig.pin.mode]} {rig.pin.workload ?? ""}
            <small className="muted"> {rig.pin.until ? `until ${new Date(rig.pin.until).toLocaleString()}` : "until released"}</small>
          </b>
        ) : (
          <span className="muted" data-testid="pin">
            not pinned: the scheduler decides
          </span>
        )}
        {rig.placements.length > 0 && (
          <span>
            AI jobs:{" "}
            {rig.placements.map((p) => (
              <span key={p.id}>
                <Link href={`/jobs?q=${encodeURIComponent(p.job.name)}`}>
                  #{p.job.id} {p.job.name}
                </Link>{" "}
                <span className="muted">GPUs {p.gpuIndices.join(",")}</span>{" "}
              </span>
            ))}
          </span>
        )}
      </section>
    </div>
  );
}
