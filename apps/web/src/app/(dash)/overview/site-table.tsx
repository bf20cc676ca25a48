"use client";
import type { TOverviewSite } from "@rigshift/db";
import Link from "next/link";
import { formatKw, formatUsd } from "@/components/format";
import { CapBar } from "./cap-bar";

/** Per-site numbers: one row per site; counts link to the rigs table filtered by site and mode. */
export function SiteTable({ sites }: { sites: TOverviewSite[] }) {
  return (
    <section className="panel" aria-label="Sites">
      <h2>Sites</h2>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th>Site</th>
              <th className="num">Mining</th>
              <th className="num">AI</th>
              <th className="num">Idle</th>
              <th className="num hide-sm">Maint.</th>
              <th className="num">Offline</th>
              <th>Power / cap</th>
              <th className="num hide-sm">Profit/h</th>
              <th className="num hide-sm">Revenue/h</th>
              <th className="num hide-sm">Energy/h</th>
              <th className="num">Alerts</th>
            </tr>
          </thead>
          <tbody>
            {sites.map((s) => (
              <tr key={s.id} data-testid={`site-${s.code}`}>
                <td>
                  <Link href={`/sites/${s.id}`}>{s.code}</Link> <span className="muted hide-sm">{s.name}</span>
                </td>
                {(["mining", "ai", "idle", "maintenance", "offline"] as const).map((c) => (
                  <td key={c} className={`num ${c === "maintenance" ? "hide-sm" : ""}`} data-testid={`site-${s.code}-${c}`}>
                    <Link href={`/rigs?siteId=${s.id}&mode=${c}`}>{s.rigs[c]}</Link>
                  </td>
                ))}
                <td data-testid={`site-${s.code}-power`}>
                  {formatKw(s.powerNowKw)} / {formatKw(s.capKw)} <CapBar nowKw={s.powerNowKw} capKw={s.capKw} />
                  {s.capWindow && <small className="warn-text"> cap lowered: {s.capWindow.reason}</small>}
                </td>
                <td className="num hide-sm">{s.economics ? formatUsd(s.economics.profitUsdPerHour) : "–"}</td>
                <td className="num hide-sm">{s.economics ? formatUsd(s.economics.revenueUsdPerHour) : "–"}</td>
                <td className="num hide-sm">{s.economics ? formatUsd(s.economics.energyUsdPerHour) : "–"}</td>
                <td className={`num ${s.alerts.critical ? "hot" : ""}`}>{s.alerts.open}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="muted small">Profit, revenue and energy are the scheduler's expectations per hour from its latest run (“–”: no decision yet).</p>
    </section>
  );
}
