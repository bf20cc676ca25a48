"use client";
import type { TFleetRig, TFleetSite } from "@rigshift/db/fleet-types";
import { useQuery } from "@tanstack/react-query";
import { formatHashrate, formatKw, formatW } from "@/components/format";

interface TFleetResponse {
  sites: TFleetSite[];
  at: string;
}

async function fetchFleet(): Promise<TFleetResponse> {
  const res = await fetch("/api/v1/fleet", { cache: "no-store" });
  if (res.status === 401) window.location.href = "/sign-in";
  if (!res.ok) {
    const body = await res.json().catch(() => null);
    throw new Error(body?.error?.message ?? `the server answered ${res.status}`);
  }
  return res.json();
}

export function FleetView() {
  // Live without reload: poll every 5 s (agents report every 10 s).
  const fleet = useQuery({ queryKey: ["fleet"], queryFn: fetchFleet, refetchInterval: 5_000 });

  if (fleet.isPending) return <div className="skeleton" role="status" aria-label="Loading fleet" />;
  if (fleet.isError && !fleet.data)
    return (
      <div className="banner error" role="alert">
        Could not load the fleet: {fleet.error.message}
      </div>
    );
  const { sites, at } = fleet.data;
  return (
    <>
      {fleet.isError && (
        <div className="banner warn" role="alert">
          Live updates paused: {fleet.error.message}. Showing data from {new Date(at).toLocaleTimeString()}.
        </div>
      )}
      {sites.length === 0 && <div className="panel muted">No sites yet. Create a site and an enrollment token, then install the agent on a rig (see docs/agent-install.md).</div>}
      {sites.map((site) => (
        <SitePanel key={site.id} site={site} />
      ))}
      <p className="muted">Updated {new Date(at).toLocaleTimeString()}</p>
    </>
  );
}

function SitePanel({ site }: { site: TFleetSite }) {
  const share = site.powerCapKw > 0 ? site.powerNowKw / site.powerCapKw : 0;
  return (
    <section className="panel" aria-label={`Site ${site.code}`}>
      <div className="site-head">
        <h2>
          {site.code} <span className="muted">{site.name}</span>
        </h2>
        <span className="stat">
          <b>{site.rigs.length}</b> rigs
        </span>
        <span className="stat" data-testid={`site-${site.code}-online`}>
          <b>{site.counts.online}</b> online · <b>{site.counts.stale}</b> stale · <b>{site.counts.offline + site.counts.never}</b> offline
        </span>
        <span className="stat">
          power <b>{formatKw(site.powerNowKw)}</b> of {formatKw(site.powerCapKw)} cap{" "}
          <span className={`bar ${share > 1 ? "over" : ""}`} title={`${Math.round(share * 100)}% of cap`}>
            <span style={{ width: `${Math.min(100, share * 100)}%` }} />
          </span>
        </span>
      </div>
      {site.rigs.length === 0 ? (
        <p className="muted">No rigs enrolled at this site yet.</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th>Rig</th>
                <th>Status</th>
                <th>Mode</th>
                <th className="hide-sm">Model</th>
                <th className="num">Power</th>
                <th className="num">Max temp</th>
                <th className="num">GPU util</th>
                <th className="num hide-sm">Hashrate</th>
              </tr>
            </thead>
            <tbody>
              {site.rigs.map((rig) => (
                <RigRow key={rig.id} rig={rig} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function RigRow({ rig }: { rig: TFleetRig }) {
  const live = rig.connectivity === "online" || rig.connectivity === "stale";
  return (
    <tr data-testid={`rig-${rig.hostname}`} data-connectivity={rig.connectivity}>
      <td>{rig.hostname}</td>
      <td>
        <span className={`pill ${rig.connectivity}`} title={rig.lastSeenAt ? `last report ${new Date(rig.lastSeenAt).toLocaleString()}` : "never reported"}>
          {rig.lifecycle === "MAINTENANCE" ? "maintenance" : rig.connectivity}
        </span>
      </td>
      <td>{rig.mode ? <span className={`mode ${rig.mode}`}>{rig.mode.toLowerCase()}</span> : <span className="muted">–</span>}</td>
      <td className="hide-sm">
        {rig.model}
        {rig.kind === "GPU_RIG" ? <span className="muted"> ×{rig.deviceCount}</span> : null}
      </td>
      <td className="num">{live && rig.powerW !== null ? formatW(rig.powerW) : "–"}</td>
      <td className={`num ${rig.maxTempC !== null && rig.maxTempC >= 85 ? "hot" : ""}`}>{live && rig.maxTempC !== null ? `${rig.maxTempC.toFixed(0)} °C` : "–"}</td>
      <td className="num">{live && rig.kind === "GPU_RIG" && rig.avgUtilPct !== null ? `${rig.avgUtilPct.toFixed(0)} %` : "–"}</td>
      <td className="num hide-sm">{live && rig.hashrateHs ? formatHashrate(rig.hashrateHs) : "–"}</td>
    </tr>
  );
}
