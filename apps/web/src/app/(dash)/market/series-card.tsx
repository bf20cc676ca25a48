"use client";
import type { TPriceSeries } from "@rigshift/db";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { TimeChart } from "@/components/charts/time-chart";
import { formatAgo, formatUsd } from "@/components/format";
import { Empty, Failed, Loading } from "@/components/states";
import { apiGet } from "@/lib/api";

/** One series: its latest value and its chart over the chosen range (dollars in the series' unit). */
export function SeriesCard({ series, range }: { series: TPriceSeries; range: string }) {
  const points = useQuery({
    queryKey: ["series-points", series.id, range],
    queryFn: () => apiGet<{ points: { t: number; valueUsd: number }[] }>(`/api/v1/market/series/${series.id}/points?range=${range}`),
    placeholderData: keepPreviousData,
    refetchInterval: 60_000,
  });
  const unit = series.unit.replace(/^USD/, "$");
  return (
    <section className="panel" aria-label={`Series ${series.key}`} data-testid={`series-${series.key}`}>
      <div className="panel-head">
        <h3>{series.key}</h3>
        <span className="muted small">{series.feed.name}</span>
      </div>
      {series.latest ? (
        <p>
          <b className="big" data-testid="latest-value">
            {formatUsd(series.latest.valueUsd, 2)}
          </b>{" "}
          <span className="muted">
            {unit} · {formatAgo(series.latest.at)}
          </span>
        </p>
      ) : (
        <p className="muted">no points yet</p>
      )}
      {points.isPending ? (
        <Loading label={`Loading ${series.key}`} height={160} />
      ) : points.isError && !points.data ? (
        <Failed what="the chart" error={points.error} />
      ) : points.data.points.length === 0 ? (
        <Empty>No points in the last {range}.</Empty>
      ) : (
        <TimeChart
          points={points.data.points.map((p) => ({ t: p.t, v: p.valueUsd }))}
          lines={[{ key: "v", label: series.key, color: "#4da3ff" }]}
          unit={unit}
          height={160}
          spanMs={(points.data.points.at(-1)?.t ?? 0) - (points.data.points[0]?.t ?? 0)}
          label={`${series.key} price`}
        />
      )}
    </section>
  );
}
