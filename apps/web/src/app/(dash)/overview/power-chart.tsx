"use client";
import type { TSitePowerSeries } from "@rigshift/db";
import { PALETTE, TimeChart } from "@/components/charts/time-chart";
import { Empty } from "@/components/states";

/** Power per site (solid) against each site's cap in force (dashed), kW. */
export function PowerChart({ sites, height }: { sites: TSitePowerSeries[]; height?: number }) {
  const first = sites[0];
  if (!first || sites.every((s) => s.points.every((p) => p.powerKw === null))) return <Empty>No power samples in this range yet.</Empty>;
  const points = first.points.map((p, i) => {
    const row: Record<string, number | null> = { t: p.t };
    for (const s of sites) {
      row[`p${s.id}`] = s.points[i]?.powerKw ?? null;
      row[`c${s.id}`] = s.points[i]?.capKw ?? null;
    }
    return row;
  });
  const lines = sites.flatMap((s, i) => [
    { key: `p${s.id}`, label: `${s.code} power`, color: PALETTE[i % PALETTE.length]! },
    { key: `c${s.id}`, label: `${s.code} cap`, color: PALETTE[i % PALETTE.length]!, dashed: true },
  ]);
  const span = (first.points.at(-1)?.t ?? 0) - first.points[0]!.t;
  return <TimeChart points={points} lines={lines} unit="kW" spanMs={span} height={height} label="Power per site against cap" />;
}
