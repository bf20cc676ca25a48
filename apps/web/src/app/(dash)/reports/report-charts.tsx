"use client";
import type { TLedgerReportJson } from "@rigshift/db";
import { Bar, BarChart, CartesianGrid, ComposedChart, Legend, Line, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatUsd } from "@/components/format";
import { byPeriod } from "./report-data";

const AXIS = { stroke: "#8b9bab", fontSize: 11 };
const TOOLTIP = { contentStyle: { background: "#161d25", border: "1px solid #2a3643", borderRadius: 6 } };
const usd = (v: unknown) => (typeof v === "number" ? formatUsd(v) : String(v));
const pct = (v: unknown) => (typeof v === "number" ? `${v.toFixed(1)} %` : String(v));

/** Mining and AI revenue stacked per period, with energy cost and margin (USD per period). */
export function RevenueChart({ report, height = 260 }: { report: TLedgerReportJson; height?: number }) {
  const data = byPeriod(report);
  return (
    <figure className="chart" role="img" aria-label="Revenue by source, energy cost and margin per period">
      <ResponsiveContainer width="100%" height={height}>
        <ComposedChart data={data} margin={{ top: 8, right: 12, bottom: 0, left: 8 }}>
          <CartesianGrid stroke="#2a3643" strokeDasharray="3 3" />
          <XAxis dataKey="label" {...AXIS} />
          <YAxis {...AXIS} width={72} tickFormatter={(v: number) => formatUsd(v, 0)} />
          <Tooltip {...TOOLTIP} formatter={(v) => usd(v)} />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          <Bar dataKey="mining" name="Mining revenue" stackId="rev" fill="#f0883e" isAnimationActive={false} />
          <Bar dataKey="ai" name="AI revenue" stackId="rev" fill="#a371f7" isAnimationActive={false} />
          <Line dataKey="energyCost" name="Energy cost" stroke="#f85149" dot={false} isAnimationActive={false} strokeWidth={1.8} />
          <Line dataKey="margin" name="Margin" stroke="#3fb950" dot={false} isAnimationActive={false} strokeWidth={1.8} />
        </ComposedChart>
      </ResponsiveContainer>
      <figcaption className="muted">{report.currency} per period</figcaption>
    </figure>
  );
}

/** Actual margin against the margin of always mining, and the difference (uplift), USD per period. */
export function UpliftChart({ report, height = 260 }: { report: TLedgerReportJson; height?: number }) {
  const data = byPeriod(report);
  return (
    <figure className="chart" role="img" aria-label="Margin against always mining, per period">
      <ResponsiveContainer width="100%" height={height}>
        <ComposedChart data={data} margin={{ top: 8, right: 12, bottom: 0, left: 8 }}>
          <CartesianGrid stroke="#2a3643" strokeDasharray="3 3" />
          <XAxis dataKey="label" {...AXIS} />
          <YAxis {...AXIS} width={72} tickFormatter={(v: number) => formatUsd(v, 0)} />
          <Tooltip {...TOOLTIP} formatter={(v) => usd(v)} />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          <ReferenceLine y={0} stroke="#8b9bab" />
          <Bar dataKey="uplift" name="Uplift vs always mine" fill="#4da3ff" isAnimationActive={false} />
          <Line dataKey="margin" name="Margin" stroke="#3fb950" dot={false} isAnimationActive={false} strokeWidth={1.8} />
          <Line dataKey="alwaysMineMargin" name="Always-mine margin" stroke="#d29922" strokeDasharray="6 4" dot={false} isAnimationActive={false} strokeWidth={1.6} />
        </ComposedChart>
      </ResponsiveContainer>
      <figcaption className="muted">{report.currency} per period</figcaption>
    </figure>
  );
}

/** Percent of rig-hours spent mining, on AI work and idle, per period (stacked to 100). */
export function ModeShareChart({ report, height = 220 }: { report: TLedgerReportJson; height?: number }) {
  const data = byPeriod(report);
  return (
    <figure className="chart" role="img" aria-label="Share of rig-hours in each mode per period">
      <ResponsiveContainer width="100%" height={height}>
        <BarChart data={data} margin={{ top: 8, right: 12, bottom: 0, left: 8 }}>
          <CartesianGrid stroke="#2a3643" strokeDasharray="3 3" />
          <XAxis dataKey="label" {...AXIS} />
          <YAxis {...AXIS} width={40} domain={[0, 100]} tickFormatter={(v: number) => `${v}`} />
          <Tooltip {...TOOLTIP} formatter={(v) => pct(v)} />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          <Bar dataKey="minePct" name="Mining" stackId="m" fill="#f0883e" isAnimationActive={false} />
          <Bar dataKey="aiPct" name="AI" stackId="m" fill="#a371f7" isAnimationActive={false} />
          <Bar dataKey="idlePct" name="Idle" stackId="m" fill="#8b9bab" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
      <figcaption className="muted">% of rig-hours</figcaption>
    </figure>
  );
}
