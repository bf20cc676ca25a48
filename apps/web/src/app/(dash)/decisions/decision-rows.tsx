"use client";
import type { TDecision } from "@rigshift/db";
import Link from "next/link";
import { formatTime, formatUsd, MODE_LABEL } from "@/components/format";

/** Decision log rows; each expands to the alternatives the scheduler weighed. */
export function DecisionRows({ rows, showRig }: { rows: TDecision[]; showRig: boolean }) {
  return (
    <div className="table-wrap">
      <table aria-label="Decisions">
        <thead>
          <tr>
            <th>Time</th>
            {showRig && <th>Rig</th>}
            <th>Mode</th>
            <th className="num">Profit/h</th>
            <th className="num hide-sm">Revenue/h</th>
            <th className="num hide-sm">Energy/h</th>
            <th>Reason</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((d) => (
            <tr key={d.id} data-testid={`decision-${d.id}`}>
              <td>
                {formatTime(d.at)}
                {d.changed && <span className="badge">switch</span>}
              </td>
              {showRig && (
                <td>
                  <Link href={`/rigs/${d.rigId}`}>{d.hostname}</Link> <span className="muted small">{d.siteCode}</span>
                </td>
              )}
              <td>
                <span className={`mode ${d.mode}`}>{MODE_LABEL[d.mode]}</span> <span className="muted small">{d.workload ?? ""}</span>
                {d.jobIds.length > 0 && <span className="muted small"> jobs {d.jobIds.map((j) => `#${j}`).join(", ")}</span>}
              </td>
              <td className="num">{formatUsd(d.profitUsdPerHour)}</td>
              <td className="num hide-sm">{formatUsd(d.revenueUsdPerHour)}</td>
              <td className="num hide-sm">{formatUsd(d.energyUsdPerHour)}</td>
              <td className="wrap">
                <span title={d.reasonCode}>{d.reason}</span>
                {d.alternatives.length > 0 && (
                  <details>
                    <summary className="muted small">{d.alternatives.length} alternatives</summary>
                    <ul className="alts">
                      {d.alternatives.map((a, i) => (
                        // biome-ignore lint/suspicious/noArrayIndexKey: alternatives have no id and never reorder
                        <li key={i}>
                          {MODE_LABEL[a.mode] ?? a.mode} {a.workload ?? ""} {a.usdPerHour !== null ? `${formatUsd(a.usdPerHour)}/h` : ""}
                          {a.rejected && <span className="muted"> — {a.rejected}</span>}
                        </li>
                      ))}
                    </ul>
                  </details>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
