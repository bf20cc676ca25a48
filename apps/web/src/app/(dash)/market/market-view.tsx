"use client";
import type { TPriceFeed, TPriceSeries } from "@rigshift/db";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { formatAgo } from "@/components/format";
import { Empty, Failed, Loading, StaleNotice } from "@/components/states";
import { apiGet } from "@/lib/api";
import { CsvImportForm } from "./csv-import-form";
import { PointForm } from "./point-form";
import { SeriesCard } from "./series-card";

const RANGES = ["24h", "7d", "30d"] as const;

/** Price series (latest value and chart each), feed health, and manual entry / CSV import. */
export function MarketView({ canManage }: { canManage: boolean }) {
  const [range, setRange] = useState<(typeof RANGES)[number]>("7d");
  const market = useQuery({ queryKey: ["market"], queryFn: () => apiGet<{ series: TPriceSeries[]; feeds: TPriceFeed[] }>("/api/v1/market/series"), refetchInterval: 30_000 });
  if (market.isPending) return <Loading label="Loading market" height={240} />;
  if (market.isError && !market.data) return <Failed what="the market" error={market.error} onRetry={() => market.refetch()} />;
  const { series, feeds } = market.data;
  return (
    <>
      <StaleNotice error={market.error} updatedAt={market.dataUpdatedAt} />
      <section className="panel" aria-label="Feeds">
        <h2>Feeds</h2>
        {feeds.length === 0 ? (
          <Empty>No price feeds configured.</Empty>
        ) : (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th>Feed</th>
                  <th>Kind</th>
                  <th>Health</th>
                  <th>Last success</th>
                  <th className="hide-sm">Last error</th>
                  <th className="num">Series</th>
                </tr>
              </thead>
              <tbody>
                {feeds.map((f) => (
                  <tr key={f.id} data-testid={`feed-${f.name}`}>
                    <td>{f.name}</td>
                    <td>{f.kind.toLowerCase()}</td>
                    <td>
                      <span className={`pill ${f.health === "ok" ? "online" : f.health === "failing" ? "offline" : "stale"}`}>{f.health}</span>
                    </td>
                    <td>{formatAgo(f.lastOkAt)}</td>
                    <td className="hide-sm wrap muted">{f.lastError ?? "–"}</td>
                    <td className="num">{f.seriesCount}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      {canManage && series.length > 0 && (
        <div className="two-col">
          <PointForm series={series} />
          <CsvImportForm series={series} />
        </div>
      )}
      <div className="panel-head">
        <h2>Series</h2>
        <fieldset className="segmented" aria-label="Range">
          {RANGES.map((r) => (
            <button key={r} type="button" aria-pressed={r === range} className={r === range ? "on" : ""} onClick={() => setRange(r)}>
              {r}
            </button>
          ))}
        </fieldset>
      </div>
      {series.length === 0 ? (
        <Empty>No price series yet.</Empty>
      ) : (
        <div className="series-grid">
          {series.map((s) => (
            <SeriesCard key={s.id} series={s} range={range} />
          ))}
        </div>
      )}
    </>
  );
}
