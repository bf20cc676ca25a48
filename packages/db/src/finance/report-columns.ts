/**
 * The columns of every report surface (JSON, CSV, XLSX, PDF), in one place so that they agree.
 * Money columns are exact decimal USD strings built from BigInt micro-USD sums.
 */
import { microToDecimal } from "./money";
import { derived, type TReportFigures } from "./types";

export type TColumnKind = "usd" | "number" | "pct" | "int";

export interface TColumn {
  /** JSON field and CSV header (CSV: snake_case of it). */
  key: string;
  /** Heading in spreadsheets and the page. */
  title: string;
  kind: TColumnKind;
  value: (f: TReportFigures, d: ReturnType<typeof derived>) => bigint | number;
}

const round = (n: number, places: number) => Math.round(n * 10 ** places) / 10 ** places;

export const FIGURE_COLUMNS: TColumn[] = [
  { key: "miningRevenueUsd", title: "Mining revenue", kind: "usd", value: (f) => f.miningRevenueMicroUsd },
  { key: "aiRevenueUsd", title: "AI revenue", kind: "usd", value: (f) => f.aiRevenueMicroUsd },
  { key: "revenueUsd", title: "Total revenue", kind: "usd", value: (_f, d) => d.revenueMicroUsd },
  { key: "energyCostUsd", title: "Energy cost", kind: "usd", value: (f) => f.energyCostMicroUsd },
  { key: "marginUsd", title: "Margin", kind: "usd", value: (_f, d) => d.marginMicroUsd },
  { key: "alwaysMineRevenueUsd", title: "Always-mine revenue", kind: "usd", value: (f) => f.cfMiningRevenueMicroUsd },
  { key: "alwaysMineEnergyCostUsd", title: "Always-mine energy cost", kind: "usd", value: (f) => f.cfEnergyCostMicroUsd },
  { key: "alwaysMineMarginUsd", title: "Always-mine margin", kind: "usd", value: (_f, d) => d.cfMarginMicroUsd },
  { key: "upliftUsd", title: "Uplift vs always mine", kind: "usd", value: (_f, d) => d.upliftMicroUsd },
  { key: "energyKwh", title: "Energy (kWh)", kind: "number", value: (f) => round(f.energyWh / 1000, 3) },
  { key: "rigHours", title: "Rig-hours", kind: "int", value: (f) => f.rigHours },
  { key: "uptimePct", title: "Uptime %", kind: "pct", value: (_f, d) => round(d.uptimePct, 2) },
  { key: "minePct", title: "Mining % of hours", kind: "pct", value: (_f, d) => round(d.minePct, 2) },
  { key: "aiPct", title: "AI % of hours", kind: "pct", value: (_f, d) => round(d.aiPct, 2) },
  { key: "idlePct", title: "Idle % of hours", kind: "pct", value: (_f, d) => round(d.idlePct, 2) },
  { key: "hoursWithoutPrice", title: "Rig-hours without a power price", kind: "int", value: (f) => f.hoursWithoutPrice },
];

export const snake = (key: string) => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** The figures as JSON: money as exact decimal strings, the rest as numbers. */
export function figuresJson(f: TReportFigures): Record<string, string | number> {
  const d = derived(f);
  const out: Record<string, string | number> = {};
  for (const c of FIGURE_COLUMNS) {
    const v = c.value(f, d);
    out[c.key] = typeof v === "bigint" ? microToDecimal(v) : v;
  }
  return out;
}
