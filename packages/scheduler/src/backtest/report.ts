/** The backtest result as a table for people or one JSON object for programs. */
import type { TBacktestResult, TStrategyResult } from "./replay";

/** Integer micro-dollars as dollars with cents, rounded half away from zero: "-$1,234.57". */
export function formatUsd(microUsd: bigint): string {
  const negative = microUsd < 0n;
  const abs = negative ? -microUsd : microUsd;
  const cents = (abs + 5_000n) / 10_000n;
  const dollars = (cents / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${negative && cents > 0n ? "-" : ""}$${dollars}.${(cents % 100n).toString().padStart(2, "0")}`;
}

/** Dollars with cents as a number, for JSON. */
export function toUsd(microUsd: bigint): number {
  const negative = microUsd < 0n;
  const cents = ((negative ? -microUsd : microUsd) + 5_000n) / 10_000n;
  return (negative ? -1 : 1) * (Number(cents) / 100);
}

/** rigshift's profit as a share of hindsight-optimum's, when both ran and the optimum made money. */
export function rigshiftShare(result: TBacktestResult): number | null {
  const rig = result.strategies.find((s) => s.strategy === "rigshift");
  const opt = result.strategies.find((s) => s.strategy === "hindsight-optimum");
  if (!rig || !opt || opt.profitMicroUsd <= 0n) return null;
  return Number(rig.profitMicroUsd) / Number(opt.profitMicroUsd);
}

const COLUMNS: [string, (s: TStrategyResult) => string][] = [
  ["strategy", (s) => s.strategy],
  ["mining revenue", (s) => formatUsd(s.miningMicroUsd)],
  ["AI revenue", (s) => formatUsd(s.aiMicroUsd)],
  ["energy cost", (s) => formatUsd(s.energyMicroUsd)],
  ["profit", (s) => formatUsd(s.profitMicroUsd)],
  ["curtailed rig-h", (s) => s.curtailedRigHours.toFixed(1)],
  ["switches", (s) => String(s.switches)],
  ["rentals preempted", (s) => String(s.rentalsPreempted)],
];

export function formatReport(result: TBacktestResult): string {
  const minutes = result.intervalSeconds / 60;
  const head = `${result.name}\n${iso(result.startMs)} .. ${iso(result.endMs)}: ${result.intervals} intervals of ${minutes} min, ${result.rigs} rigs, ${result.offers} AI offers`;
  const rows = [COLUMNS.map(([h]) => h), ...result.strategies.map((s) => COLUMNS.map(([, f]) => f(s)))];
  const widths = COLUMNS.map((_, c) => Math.max(...rows.map((r) => (r[c] as string).length)));
  const lines = rows.map((r) => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c] as number) : cell.padStart(widths[c] as number))).join("  "));
  const share = rigshiftShare(result);
  const out = [head, "", ...lines];
  if (share !== null) out.push("", `rigshift makes ${(share * 100).toFixed(1)}% of hindsight-optimum's profit.`);
  const notes = [...result.notes, ...result.strategies.flatMap((s) => s.notes)];
  if (notes.length) out.push("", "Notes:", ...notes.map((n) => `  - ${n}`));
  return out.join("\n");
}

export function reportJson(result: TBacktestResult) {
  return {
    scenario: result.name,
    start: iso(result.startMs),
    end: iso(result.endMs),
    intervals: result.intervals,
    intervalSeconds: result.intervalSeconds,
    rigs: result.rigs,
    aiOffers: result.offers,
    strategies: result.strategies.map((s) => ({
      strategy: s.strategy,
      miningRevenueUsd: toUsd(s.miningMicroUsd),
      aiRevenueUsd: toUsd(s.aiMicroUsd),
      energyCostUsd: toUsd(s.energyMicroUsd),
      profitUsd: toUsd(s.profitMicroUsd),
      profitMicroUsd: s.profitMicroUsd.toString(), // exact
      curtailedRigHours: Math.round(s.curtailedRigHours * 10) / 10,
      switches: s.switches,
      rentalsPreempted: s.rentalsPreempted,
      notes: s.notes,
    })),
    rigshiftShareOfHindsightOptimum: rigshiftShare(result),
    notes: result.notes,
  };
}

function iso(ms: number): string {
  return new Date(ms).toISOString().replace(":00.000Z", "Z");
}
