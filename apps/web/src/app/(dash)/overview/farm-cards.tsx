"use client";
import type { TOverview, TRigClass } from "@rigshift/db";
import Link from "next/link";
import { formatKw, formatUsd, MODE_LABEL } from "@/components/format";
import { CapBar } from "./cap-bar";

const CLASSES: TRigClass[] = ["mining", "ai", "idle", "maintenance", "offline"];

/** The farm-wide numbers: rigs by mode (each a link to the filtered rigs table), power vs cap, $/h, alerts. */
export function FarmCards({ overview }: { overview: TOverview }) {
  const f = overview.farm;
  return (
    <section className="cards" aria-label="Farm">
      <div className="card-stat">
        <span className="label">Rigs</span>
        <b data-testid="farm-rigs">{f.rigTotal.toLocaleString()}</b>
        <div className="chips">
          {CLASSES.map((c) => (
            <Link key={c} href={`/rigs?mode=${c}`} className={`chip ${c}`} data-testid={`farm-${c}`} data-count={f.rigs[c]}>
              {MODE_LABEL[c]} <b>{f.rigs[c].toLocaleString()}</b>
            </Link>
          ))}
        </div>
      </div>
      <div className="card-stat">
        <span className="label">Power now</span>
        <b data-testid="farm-power">{formatKw(f.powerNowKw)}</b>
        <span className="muted">of {formatKw(f.capKw)} cap</span>
        <CapBar nowKw={f.powerNowKw} capKw={f.capKw} />
      </div>
      <div className="card-stat">
        <span className="label">Expected profit</span>
        {f.economics ? (
          <>
            <b data-testid="farm-profit">{formatUsd(f.economics.profitUsdPerHour)}/h</b>
            <span className="muted">
              revenue {formatUsd(f.economics.revenueUsdPerHour)}/h · energy {formatUsd(f.economics.energyUsdPerHour)}/h
            </span>
            <small className="muted">scheduler's expectation for {f.economics.decisions.toLocaleString()} rigs in its latest run</small>
          </>
        ) : (
          <span className="muted" data-testid="farm-profit">
            no scheduler run yet
          </span>
        )}
      </div>
      <div className="card-stat">
        <span className="label">Active alerts</span>
        <b data-testid="farm-alerts">{f.alerts.open}</b>
        <span className={f.alerts.critical ? "hot" : "muted"}>{f.alerts.critical} critical</span>
      </div>
    </section>
  );
}
