"use client";
import type { TSite, TSitePowerSeries } from "@rigshift/db";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { formatKw } from "@/components/format";
import { Failed, Loading } from "@/components/states";
import { type ApiError, apiGet } from "@/lib/api";
import { PowerChart } from "../../overview/power-chart";
import { CapWindows } from "./cap-windows";
import { PolicyForm } from "./policy-form";

const RANGES = ["6h", "24h", "7d", "30d"] as const;

export function SiteDetailView({ siteId, canManage }: { siteId: number; canManage: boolean }) {
  const [range, setRange] = useState<(typeof RANGES)[number]>("24h");
  const site = useQuery({ queryKey: ["site", siteId], queryFn: () => apiGet<TSite>(`/api/v1/sites/${siteId}`), refetchInterval: 15_000 });
  const power = useQuery({
    queryKey: ["site-power", siteId, range],
    queryFn: () => apiGet<{ sites: TSitePowerSeries[] }>(`/api/v1/sites/${siteId}/power?range=${range}`),
    placeholderData: keepPreviousData,
    refetchInterval: 60_000,
  });
  if (site.isPending) return <Loading label="Loading site" height={240} />;
  if (site.isError && !site.data) {
    if ((site.error as ApiError).status === 404)
      return (
        <div className="panel">
          <h1>Site not found</h1>
          <Link href="/sites">Back to the sites</Link>
        </div>
      );
    return <Failed what="the site" error={site.error} onRetry={() => site.refetch()} />;
  }
  const s = site.data;
  return (
    <>
      <div className="page-head">
        <h1>
          {s.code} <span className="muted">{s.name}</span>
        </h1>
        <span className="muted">
          {s.marketZone} · cap {formatKw(s.powerCapKw)} · cooling {formatKw(s.coolingCapacityKw)} · PUE {s.pue} · {s.timezone} · <Link href={`/rigs?siteId=${s.id}`}>its rigs</Link>
        </span>
      </div>
      <section className="panel" aria-label="Power against cap">
        <div className="panel-head">
          <h2>Power against cap</h2>
          <fieldset className="segmented" aria-label="Range">
            {RANGES.map((r) => (
              <button key={r} type="button" aria-pressed={r === range} className={r === range ? "on" : ""} onClick={() => setRange(r)}>
                {r}
              </button>
            ))}
          </fieldset>
        </div>
        {power.isPending ? (
          <Loading label="Loading power chart" height={220} />
        ) : power.isError && !power.data ? (
          <Failed what="the power chart" error={power.error} />
        ) : (
          <PowerChart sites={power.data.sites} />
        )}
      </section>
      <PolicyForm site={s} canManage={canManage} />
      <CapWindows site={s} canManage={canManage} />
    </>
  );
}
