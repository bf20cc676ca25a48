import type { Database } from "../client";
import type { TConnectivityThresholds } from "../fleet/connectivity";
import { microToUsd } from "../money/usd";
import { cutoffs, RIG_CLASSES, rigClass, type TRigClass } from "../rigs/rig-class";
import * as SQL from "./overview-sql";
import type { TEconomics, TOverview, TOverviewSite, TOverviewTotals } from "./types";

const noRigs = (): Record<TRigClass, number> => Object.fromEntries(RIG_CLASSES.map((c) => [c, 0])) as Record<TRigClass, number>;
const emptyTotals = (): TOverviewTotals => ({ rigs: noRigs(), rigTotal: 0, powerNowKw: 0, capKw: 0, economics: null, alerts: { open: 0, critical: 0 } });

interface TEconomicsRow {
  siteId: number;
  decisions: number;
  profit: string | null;
  revenue: string | null;
  energy: string | null;
}
interface TRunEconomics {
  run: { id: number; epochStart: Date; finishedAt: Date } | null;
  rows: TEconomicsRow[];
}

/**
 * A finished run's decisions never change, so their per-site sums are computed once per run and
 * process (a scan of one decision per rig: 100k rows at scale), not on every overview request.
 */
const economicsByDb = new WeakMap<Database, { runKey: string; rows: TEconomicsRow[] }>();

async function latestEconomics(db: Database): Promise<TRunEconomics> {
  const { rows } = await db.pool.query<{ id: number; epochStart: Date; finishedAt: Date }>(SQL.SQL_LATEST_RUN);
  const run = rows[0] ?? null;
  if (!run) return { run: null, rows: [] };
  // Keyed by more than the id: a database restored or reset can reuse ids.
  const runKey = `${run.id}/${run.epochStart.getTime()}/${run.finishedAt.getTime()}`;
  const cached = economicsByDb.get(db);
  if (cached?.runKey === runKey) return { run, rows: cached.rows };
  const economics = await db.pool.query<TEconomicsRow>(SQL.SQL_RUN_ECONOMICS, [run.id, run.epochStart]);
  economicsByDb.set(db, { runKey, rows: economics.rows });
  return { run, rows: economics.rows };
}

/** Farm-wide and per-site numbers for the overview page: a few grouped queries, run side by side. */
export async function getOverview({ db, now, thresholds }: { db: Database; now: Date; thresholds: TConnectivityThresholds }): Promise<TOverview> {
  const { offlineBefore } = cutoffs(now, thresholds);
  const [sites, classes, caps, latest, alerts, recent] = await Promise.all([
    db.pool.query(SQL.SQL_SITES),
    db.pool.query<{ siteId: number; maintenance: boolean; seen: boolean; mode: string | null; rigs: number; powerW: number }>(SQL.SQL_RIGS_BY_SITE_AND_CLASS, [offlineBefore]),
    db.pool.query(SQL.SQL_ACTIVE_CAPS, [now]),
    latestEconomics(db),
    db.pool.query(SQL.SQL_OPEN_ALERTS),
    db.pool.query(SQL.SQL_RECENT_ALERTS),
  ]);
  const byId = new Map<number, TOverviewSite>();
  for (const s of sites.rows) byId.set(s.id, { ...emptyTotals(), id: s.id, code: s.code, name: s.name, powerCapKw: s.powerCapKw, capKw: s.powerCapKw, capWindow: null });
  for (const c of caps.rows) {
    const site = byId.get(c.siteId);
    if (site && c.capKw < site.powerCapKw) {
      site.capKw = c.capKw;
      site.capWindow = { capKw: c.capKw, reason: c.reason, endsAt: c.endsAt.toISOString() };
    }
  }
  for (const row of classes.rows) {
    const site = byId.get(row.siteId);
    if (!site) continue;
    site.rigs[rigClass(row)] += row.rigs;
    site.rigTotal += row.rigs;
    if (row.seen) site.powerNowKw += row.powerW / 1000;
  }
  for (const e of latest.rows) {
    const site = byId.get(e.siteId);
    if (site) site.economics = { decisions: e.decisions, profitUsdPerHour: usd(e.profit), revenueUsdPerHour: usd(e.revenue), energyUsdPerHour: usd(e.energy) };
  }
  for (const a of alerts.rows) {
    const site = a.siteId === null ? undefined : byId.get(a.siteId);
    if (site) site.alerts = { open: a.open, critical: a.critical };
  }
  const list = [...byId.values()];
  const run = latest.run ? { epochStart: latest.run.epochStart.toISOString(), finishedAt: latest.run.finishedAt.toISOString() } : null;
  const farm = sumTotals(list);
  // Alerts not tied to a known site still count farm-wide.
  farm.alerts = alerts.rows.reduce((t, a) => ({ open: t.open + a.open, critical: t.critical + a.critical }), { open: 0, critical: 0 });
  const recentAlerts = recent.rows.map((a) => ({
    id: a.id,
    kind: a.kind,
    severity: a.severity,
    message: a.message,
    openedAt: a.openedAt.toISOString(),
    acknowledged: a.acknowledgedAt !== null,
    rigId: a.rigId,
    hostname: a.hostname,
    siteCode: a.siteCode,
  }));
  return { at: now.toISOString(), run, farm, sites: list, recentAlerts };
}

const usd = (text: string | null) => (text === null ? 0 : microToUsd(BigInt(text)));

function sumTotals(sites: TOverviewSite[]): TOverviewTotals {
  const farm = emptyTotals();
  for (const s of sites) {
    for (const c of RIG_CLASSES) farm.rigs[c] += s.rigs[c];
    farm.rigTotal += s.rigTotal;
    farm.powerNowKw += s.powerNowKw;
    farm.capKw += s.capKw;
    if (s.economics) farm.economics = addEconomics(farm.economics, s.economics);
  }
  return farm;
}

function addEconomics(a: TEconomics | null, b: TEconomics): TEconomics {
  if (!a) return { ...b };
  return {
    decisions: a.decisions + b.decisions,
    profitUsdPerHour: a.profitUsdPerHour + b.profitUsdPerHour,
    revenueUsdPerHour: a.revenueUsdPerHour + b.revenueUsdPerHour,
    energyUsdPerHour: a.energyUsdPerHour + b.energyUsdPerHour,
  };
}
