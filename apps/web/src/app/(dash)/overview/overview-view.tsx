"use client";
import type { TOverview, TSitePowerSeries } from "@rigshift/db";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { formatTime } from "@/components/format";
import { Failed, Loading, StaleNotice } from "@/components/states";
import { apiGet } from "@/lib/api";
import { AlertList } from "./alert-list";
import { FarmCards } from "./farm-cards";
import { PowerChart } from "./power-chart";
import { SiteTable } from "./site-table";

export function OverviewView() {
  // Live: the numbers every 5 s, the 24 h chart every 60 s (its buckets are 10 minutes wide).
  const overview = useQuery({ queryKey: ["overview"], queryFn: () => apiGet<TOverview>("/api/v1/overview"), refetchInterval: 5_000 });
  const power = useQuery({
    queryKey: ["overview-power", "24h"],
    queryFn: () => apiGet<{ sites: TSitePowerSeries[] }>("/api/v1/overview/power?range=24h"),
    refetchInterval: 60_000,
  });

  if (overview.isPending) return <Loading label="Loading overview" height={240} />;
  if (overview.isError && !overview.data) return <Failed what="the overview" error={overview.error} onRetry={() => overview.refetch()} />;
  const o = overview.data;
  return (
    <>
      <StaleNotice error={overview.error} updatedAt={overview.dataUpdatedAt} />
      {o.sites.length === 0 ? (
        <div className="panel muted">No sites yet. An admin creates a site's enrollment token in Settings, then installs the agent on its rigs.</div>
      ) : (
        <>
          <FarmCards overview={o} />
          <SiteTable sites={o.sites} />
        </>
      )}
      <section className="panel" aria-label="Power, last 24 hours">
        <h2>Power per site, last 24 h</h2>
        {power.isPending ? (
          <Loading label="Loading power chart" height={220} />
        ) : power.isError && !power.data ? (
          <Failed what="the power chart" error={power.error} />
        ) : (
          <PowerChart sites={power.data.sites} />
        )}
      </section>
      <section className="panel" aria-label="Active alerts">
        <div className="panel-head">
          <h2>Active alerts</h2>
          <Link href="/alerts">All alerts</Link>
        </div>
        <AlertList alerts={o.recentAlerts} />
      </section>
      <p className="muted">
        Updated {new Date(o.at).toLocaleTimeString()}
        {o.run ? ` · economics from the scheduler run of ${formatTime(o.run.epochStart)}` : ""}
      </p>
    </>
  );
}
