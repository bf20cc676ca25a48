"use client";
import type { TLedgerReportJson } from "@rigshift/db";
import { formatUsd } from "@/components/format";

const n = (v: string | number | undefined) => Number(v ?? 0);

/** The period's totals: revenue by source, energy cost, margin, uplift, uptime and time in each mode. */
export function ReportSummary({ report }: { report: TLedgerReportJson }) {
  const t = report.totals;
  const uplift = n(t.upliftUsd);
  return (
    <section className="cards" aria-label="Totals">
      <div className="card-stat">
        <span className="label">Revenue</span>
        <b data-testid="total-revenue">{formatUsd(n(t.revenueUsd))}</b>
        <span className="muted">
          mining {formatUsd(n(t.miningRevenueUsd))} · AI {formatUsd(n(t.aiRevenueUsd))}
        </span>
      </div>
      <div className="card-stat">
        <span className="label">Energy cost</span>
        <b data-testid="total-energy-cost">{formatUsd(n(t.energyCostUsd))}</b>
        <span className="muted">{(n(t.energyKwh) / 1000).toLocaleString("en-US", { maximumFractionDigits: 1 })} MWh</span>
      </div>
      <div className="card-stat">
        <span className="label">Margin</span>
        <b data-testid="total-margin">{formatUsd(n(t.marginUsd))}</b>
        <span className="muted">always mining: {formatUsd(n(t.alwaysMineMarginUsd))}</span>
      </div>
      <div className="card-stat">
        <span className="label">Uplift vs always mine</span>
        <b data-testid="total-uplift" className={uplift < 0 ? "hot" : "ok-text"}>
          {formatUsd(uplift)}
        </b>
        <span className="muted">what moving rigs between modes earned</span>
      </div>
      <div className="card-stat">
        <span className="label">Uptime · modes</span>
        <b>{n(t.uptimePct).toFixed(1)} %</b>
        <span className="muted">
          mining {n(t.minePct).toFixed(1)} % · AI {n(t.aiPct).toFixed(1)} % · idle {n(t.idlePct).toFixed(1)} %
        </span>
        {n(t.hoursWithoutPrice) > 0 && <small className="warn-text">{n(t.hoursWithoutPrice)} rig-hours had no electricity price (costed at zero)</small>}
      </div>
    </section>
  );
}
