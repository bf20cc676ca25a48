"use client";
import type { TRigSeries } from "@rigshift/db";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { PALETTE, TimeChart } from "@/components/charts/time-chart";
import { Empty, Failed, Loading } from "@/components/states";
import { apiGet } from "@/lib/api";

const RANGES = ["1h", "6h", "24h", "7d"] as const;
type TMetric = "tempC" | "powerW" | "utilPct" | "hashrateHs";

/** Per-device charts over a chosen range, bucketed by the server. */
export function RigCharts({ rigId, kind }: { rigId: number; kind: "GPU_RIG" | "ASIC" }) {
  const [range, setRange] = useState<(typeof RANGES)[number]>("6h");
  const series = useQuery({
    queryKey: ["rig-series", rigId, range],
    queryFn: () => apiGet<TRigSeries>(`/api/v1/rigs/${rigId}/series?range=${range}`),
    placeholderData: keepPreviousData,
    refetchInterval: range === "1h" ? 15_000 : 60_000,
  });
  const metrics: { key: TMetric; title: string; unit: string; scale?: number }[] =
    kind === "ASIC"
      ? [
          { key: "tempC", title: "Chip temperature", unit: "°C" },
          { key: "powerW", title: "Power", unit: "W" },
          { key: "hashrateHs", title: "Hashrate", unit: "TH/s", scale: 1e-12 },
        ]
      : [
          { key: "tempC", title: "GPU temperature", unit: "°C" },
          { key: "powerW", title: "Power", unit: "W" },
          { key: "utilPct", title: "Utilisation", unit: "%" },
          { key: "hashrateHs", title: "Hashrate", unit: "MH/s", scale: 1e-6 },
        ];
  return (
    <section className="panel" aria-label="Charts">
      <div className="panel-head">
        <h2>{kind === "ASIC" ? "Per hashboard" : "Per GPU"}</h2>
        <fieldset className="segmented" aria-label="Range">
          {RANGES.map((r) => (
            <button key={r} type="button" aria-pressed={r === range} className={r === range ? "on" : ""} onClick={() => setRange(r)}>
              {r}
            </button>
          ))}
        </fieldset>
      </div>
      {series.isPending ? (
        <Loading label="Loading charts" height={220} />
      ) : series.isError && !series.data ? (
        <Failed what="the charts" error={series.error} onRetry={() => series.refetch()} />
      ) : series.data.points.length === 0 ? (
        <Empty>No samples in the last {range}.</Empty>
      ) : (
        <div className="chart-grid">
          {metrics.map((m) => {
            const pivot = pivotByDevice(series.data, m.key, m.scale ?? 1);
            if (!pivot.hasValues) return null;
            return (
              <div key={m.key}>
                <h3>{m.title}</h3>
                <TimeChart
                  points={pivot.points}
                  lines={pivot.lines}
                  unit={m.unit}
                  spanMs={Date.parse(series.data.to) - Date.parse(series.data.from)}
                  label={`${m.title} per device`}
                  height={200}
                />
              </div>
            );
          })}
        </div>
      )}
    </section>
  );
}

/** One row per bucket, one column per device (d0, d1, ...), values scaled into the chart's unit. */
function pivotByDevice(s: TRigSeries, metric: TMetric, scale: number) {
  const rows = new Map<number, Record<string, number | null>>();
  let hasValues = false;
  for (const p of s.points) {
    const row = rows.get(p.t) ?? { t: p.t };
    const v = p[metric];
    row[`d${p.deviceIndex}`] = v === null ? null : v * scale;
    if (v !== null) hasValues = true;
    rows.set(p.t, row);
  }
  const lines = s.devices.map((d, i) => ({ key: `d${d.index}`, label: `${d.kind === "GPU" ? "GPU" : "board"} ${d.index}`, color: PALETTE[i % PALETTE.length]! }));
  return { points: [...rows.values()], lines, hasValues };
}
