"use client";
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

export interface TLine {
  /** Key of the value in each point. */
  key: string;
  label: string;
  color: string;
  dashed?: boolean;
}

/**
 * A time series chart. Presentational: no fetching.
 * points: [{ t: number // bucket start, unix ms; [line.key]: number | null // in `unit` }]
 */
export function TimeChart({
  points,
  lines,
  unit,
  height = 220,
  spanMs,
  label,
}: {
  points: Record<string, number | null>[];
  lines: TLine[];
  /** Unit of every value, shown on the axis and in the tooltip, e.g. "kW", "°C". */
  unit: string;
  height?: number;
  /** Width of the whole range, ms: picks the tick format. */
  spanMs: number;
  /** Accessible name of the chart. */
  label: string;
}) {
  const tick = (t: number) => {
    const d = new Date(t);
    return spanMs > 2 * 86400_000 ? d.toLocaleDateString("en-GB", { day: "2-digit", month: "short" }) : d.toLocaleTimeString("en-GB", { hour: "2-digit", minute: "2-digit" });
  };
  // Over more than two days, one tick per day (at midnight UTC) instead of repeated dates.
  const first = Number(points[0]?.t ?? 0);
  const last = Number(points.at(-1)?.t ?? 0);
  const dayTicks =
    spanMs > 2 * 86400_000
      ? Array.from({ length: Math.floor((last - first) / 86400_000) + 1 }, (_, i) => Math.ceil(first / 86400_000) * 86400_000 + i * 86400_000).filter((t) => t <= last)
      : undefined;
  const value = (v: unknown) => (typeof v === "number" ? `${v.toLocaleString("en-US", { maximumFractionDigits: 2 })} ${unit}` : "–");
  return (
    <figure className="chart" role="img" aria-label={label}>
      <ResponsiveContainer width="100%" height={height}>
        <LineChart data={points} margin={{ top: 8, right: 12, bottom: 0, left: 0 }}>
          <CartesianGrid stroke="#2a3643" strokeDasharray="3 3" />
          <XAxis dataKey="t" type="number" scale="time" domain={["dataMin", "dataMax"]} ticks={dayTicks} tickFormatter={tick} stroke="#8b9bab" fontSize={11} />
          <YAxis stroke="#8b9bab" fontSize={11} width={56} tickFormatter={(v: number) => v.toLocaleString("en-US", { maximumFractionDigits: 1 })} />
          <Tooltip
            contentStyle={{ background: "#161d25", border: "1px solid #2a3643", borderRadius: 6 }}
            labelFormatter={(t) => new Date(Number(t)).toLocaleString("en-GB")}
            formatter={(v) => value(v)}
          />
          {lines.length > 1 && <Legend wrapperStyle={{ fontSize: 12 }} />}
          {lines.map((l) => (
            <Line
              key={l.key}
              type="monotone"
              dataKey={l.key}
              name={l.label}
              stroke={l.color}
              strokeDasharray={l.dashed ? "6 4" : undefined}
              dot={false}
              connectNulls={false}
              isAnimationActive={false}
              strokeWidth={1.6}
            />
          ))}
        </LineChart>
      </ResponsiveContainer>
      <figcaption className="muted">{unit}</figcaption>
    </figure>
  );
}

/** Distinct colours for series (devices, sites). */
export const PALETTE = ["#4da3ff", "#f0883e", "#a371f7", "#3fb950", "#d29922", "#f85149", "#39c5cf", "#db61a2", "#8b9bab", "#e3b341", "#7ee787", "#ffa657"];
