"use client";
import type { TOverview, TSite, TSitePowerSeries } from "@rigshift/db";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { formatDuration, formatKw, MODE_LABEL } from "@/components/format";
import { Empty, Failed, Loading, StaleNotice } from "@/components/states";
import { apiGet } from "@/lib/api";
import { CapBar } from "../overview/cap-bar";
import { PowerChart } from "../overview/power-chart";

/** Every site: power now against its cap (cap windows included), rigs, and its policy at a glance. */
export function SitesView() {
  const sites = useQuery({ queryKey: ["sites"], queryFn: () => apiGet<{ sites: TSite[] }>("/api/v1/sites"), refetchInterval: 15_000 });
  const overview = useQuery({ queryKey: ["overview"], queryFn: () => apiGet<TOverview>("/api/v1/overview"), refetchInterval: 5_000 });
  const power = useQuery({
    queryKey: ["overview-power", "24h"],
    queryFn: () => apiGet<{ sites: TSitePowerSeries[] }>("/api/v1/overview/power?range=24h"),
    refetchInterval: 60_000,
  });
  if (sites.isPending) return <Loading label="Loading sites" />;
  if (sites.isError && !sites.data) return <Failed what="the sites" error={sites.error} onRetry={() => sites.refetch()} />;
  if (sites.data.sites.length === 0) return <Empty>No sites yet.</Empty>;
  const live = new Map((overview.data?.sites ?? []).map((s) => [s.id, s]));
  return (
    <>
      <StaleNotice error={sites.error} updatedAt={sites.dataUpdatedAt} />
      <section className="panel">
        <div className="table-wrap">
          <table aria-label="Sites">
            <thead>
              <tr>
                <th>Site</th>
                <th className="hide-sm">Market zone</th>
                <th className="num">Rigs</th>
                <th>Power / cap</th>
                <th className="hide-sm">Policy</th>
                <th className="hide-sm">Cap windows</th>
              </tr>
            </thead>
            <tbody>
              {sites.data.sites.map((s) => {
                const o = live.get(s.id);
                return (
                  <tr key={s.id} data-testid={`site-row-${s.code}`}>
                    <td>
                      <Link href={`/sites/${s.id}`}>{s.code}</Link> <span className="muted">{s.name}</span>
                    </td>
                    <td className="hide-sm">{s.marketZone}</td>
                    <td className="num">{o ? o.rigTotal : "…"}</td>
                    <td>
                      {o ? (
                        <>
                          {formatKw(o.powerNowKw)} / {formatKw(o.capKw)} <CapBar nowKw={o.powerNowKw} capKw={o.capKw} />
                        </>
                      ) : (
                        `cap ${formatKw(s.powerCapKw)}`
                      )}
                    </td>
                    <td className="hide-sm muted">
                      {s.policy
                        ? `GPU ≤ ${s.policy.maxGpuTempC} °C · inlet ≤ ${s.policy.maxInletTempC} °C · dwell ${formatDuration(s.policy.minDwellSeconds)} · fallback ${MODE_LABEL[s.policy.fallbackMode]}`
                        : "no policy"}
                    </td>
                    <td className="hide-sm">
                      {s.capWindows.length === 0 ? (
                        <span className="muted">none</span>
                      ) : (
                        `${s.capWindows.filter((w) => w.active).length} active, ${s.capWindows.filter((w) => !w.active).length} upcoming`
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </section>
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
    </>
  );
}
