"use client";
import type { TLedgerReportJson } from "@rigshift/db";
import { useState } from "react";
import { formatUsd } from "@/components/format";
import { periodLabel } from "./report-data";

const PAGE = 200;
const n = (v: string | number | undefined) => Number(v ?? 0);
const MONEY = [
  ["miningRevenueUsd", "Mining"],
  ["aiRevenueUsd", "AI"],
  ["energyCostUsd", "Energy cost"],
  ["marginUsd", "Margin"],
  ["upliftUsd", "Uplift"],
] as const;

/** One row per period and group, the totals in the footer; long reports are shown a page at a time. */
export function ReportTable({ report }: { report: TLedgerReportJson }) {
  const [shown, setShown] = useState(PAGE);
  const rows = report.rows.slice(0, shown);
  return (
    <section className="panel" aria-label="Report table">
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th>Period ({report.timeZone})</th>
              <th>{report.groupBy === "model" ? "Rig model" : report.groupBy === "farm" ? "Farm" : report.groupBy === "site" ? "Site" : "Rig"}</th>
              {MONEY.map(([, title]) => (
                <th key={title} className="num">
                  {title} ({report.currency})
                </th>
              ))}
              <th className="num hide-sm">Uptime</th>
              <th className="num hide-sm">Mine / AI / idle</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={`${r.periodStart}|${r.groupKey}`}>
                <td>{periodLabel(r.periodStart, report.granularity)}</td>
                <td>{r.groupLabel}</td>
                {MONEY.map(([key]) => (
                  <td key={key} className={`num ${key === "upliftUsd" && n(r[key]) < 0 ? "hot" : ""}`} title={String(r[key])}>
                    {formatUsd(n(r[key]))}
                  </td>
                ))}
                <td className="num hide-sm">{n(r.uptimePct).toFixed(1)} %</td>
                <td className="num hide-sm">
                  {n(r.minePct).toFixed(0)} / {n(r.aiPct).toFixed(0)} / {n(r.idlePct).toFixed(0)} %
                </td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr data-testid="report-totals">
              <th colSpan={2}>Total</th>
              {MONEY.map(([key]) => (
                <th key={key} className="num" data-testid={`total-${key}`} title={String(report.totals[key])}>
                  {formatUsd(n(report.totals[key]))}
                </th>
              ))}
              <th className="num hide-sm">{n(report.totals.uptimePct).toFixed(1)} %</th>
              <th className="num hide-sm">
                {n(report.totals.minePct).toFixed(0)} / {n(report.totals.aiPct).toFixed(0)} / {n(report.totals.idlePct).toFixed(0)} %
              </th>
            </tr>
          </tfoot>
        </table>
      </div>
      <p className="muted small" data-testid="report-row-count">
        {report.rows.length.toLocaleString()} rows{report.rows.length > shown ? `, showing ${shown.toLocaleString()}` : ""}.{" "}
        {report.rows.length > shown && (
          <button type="button" className="link" onClick={() => setShown((s) => s + PAGE)}>
            Show more
          </button>
        )}
      </p>
    </section>
  );
}
