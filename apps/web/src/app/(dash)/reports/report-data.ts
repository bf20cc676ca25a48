/** Shaping the report JSON for charts: money strings to numbers (display only), rows summed by period. */
import type { TLedgerReportJson } from "@rigshift/db";

export interface TPeriodPoint {
  /** Period start, unix ms. */
  t: number;
  /** Local label of the period, e.g. "2026-11-01". */
  label: string;
  /** USD. */
  mining: number;
  ai: number;
  energyCost: number;
  margin: number;
  alwaysMineMargin: number;
  uplift: number;
  /** Percent of rig-hours. */
  minePct: number;
  aiPct: number;
  idlePct: number;
}

const num = (v: string | number | undefined) => (typeof v === "number" ? v : Number(v ?? 0));

export function byPeriod(report: TLedgerReportJson): TPeriodPoint[] {
  const out = new Map<string, TPeriodPoint & { rigHours: number; mineH: number; aiH: number; idleH: number }>();
  for (const r of report.rows) {
    let p = out.get(r.periodStart);
    if (!p) {
      p = {
        t: Date.parse(r.periodStart),
        label: periodLabel(r.periodStart, report.granularity),
        mining: 0,
        ai: 0,
        energyCost: 0,
        margin: 0,
        alwaysMineMargin: 0,
        uplift: 0,
        minePct: 0,
        aiPct: 0,
        idlePct: 0,
        rigHours: 0,
        mineH: 0,
        aiH: 0,
        idleH: 0,
      };
      out.set(r.periodStart, p);
    }
    const hours = num(r.rigHours);
    p.mining += num(r.miningRevenueUsd);
    p.ai += num(r.aiRevenueUsd);
    p.energyCost += num(r.energyCostUsd);
    p.margin += num(r.marginUsd);
    p.alwaysMineMargin += num(r.alwaysMineMarginUsd);
    p.uplift += num(r.upliftUsd);
    p.rigHours += hours;
    p.mineH += (num(r.minePct) * hours) / 100;
    p.aiH += (num(r.aiPct) * hours) / 100;
    p.idleH += (num(r.idlePct) * hours) / 100;
  }
  return [...out.values()]
    .map(({ rigHours, mineH, aiH, idleH, ...p }) => ({
      ...p,
      minePct: rigHours ? (100 * mineH) / rigHours : 0,
      aiPct: rigHours ? (100 * aiH) / rigHours : 0,
      idlePct: rigHours ? (100 * idleH) / rigHours : 0,
    }))
    .sort((a, b) => a.t - b.t);
}

/** "2026-11-01T00:00:00-05:00" -> "2026-11-01" (or with the hour for hourly reports). */
export function periodLabel(iso: string, granularity: string): string {
  return granularity === "hour" ? `${iso.slice(0, 10)} ${iso.slice(11, 16)}` : granularity === "month" ? iso.slice(0, 7) : iso.slice(0, 10);
}
