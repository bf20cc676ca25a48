/** The finance report's parameters and rows. Money: BigInt micro-USD inside, decimal strings at the edges. */
import { z } from "zod";
import { isTimeZone } from "./time";

export const GROUP_BYS = ["farm", "site", "model", "rig"] as const;
export const GRANULARITIES = ["hour", "day", "week", "month"] as const;
export type TGroupBy = (typeof GROUP_BYS)[number];
export type TGranularity = (typeof GRANULARITIES)[number];

/** Every figure in a report and an export is in this currency. */
export const CURRENCY = "USD";

export interface TReportParams {
  /** Period [from, to), instants; hours are assigned to buckets by their start. */
  from: Date;
  to: Date;
  groupBy: TGroupBy;
  granularity: TGranularity;
  /** IANA zone the buckets (days, ISO weeks from Monday, months) are cut in. */
  timeZone: string;
}

/** The parameters as stored with an export job and sent on the queue. */
export const ZReportParams = z.object({
  from: z.iso.datetime({ offset: true }),
  to: z.iso.datetime({ offset: true }),
  groupBy: z.enum(GROUP_BYS),
  granularity: z.enum(GRANULARITIES),
  timeZone: z.string().refine(isTimeZone, "unknown time zone"),
});
export type TReportParamsJson = z.infer<typeof ZReportParams>;

export const paramsFromJson = (p: TReportParamsJson): TReportParams => ({ ...p, from: new Date(p.from), to: new Date(p.to) });
export const paramsToJson = (p: TReportParams): TReportParamsJson => ({ ...p, from: p.from.toISOString(), to: p.to.toISOString() });

/** Sums over a bucket and group (or the whole report). */
export interface TReportFigures {
  /** Ledger rows summed: one per rig per hour. */
  rigHours: number;
  energyWh: number;
  mineSeconds: number;
  aiSeconds: number;
  idleSeconds: number;
  /** Minutes with telemetry (uptime). */
  minutesMeasured: number;
  /** Rig-hours costed at zero because no electricity price was published. */
  hoursWithoutPrice: number;
  miningRevenueMicroUsd: bigint;
  aiRevenueMicroUsd: bigint;
  energyCostMicroUsd: bigint;
  /** "Always mine": what mining all hour would have earned and cost. */
  cfMiningRevenueMicroUsd: bigint;
  cfEnergyCostMicroUsd: bigint;
}

export interface TReportRow extends TReportFigures {
  periodStart: Date;
  periodEnd: Date;
  groupKey: string;
  groupLabel: string;
}

export function emptyFigures(): TReportFigures {
  return {
    rigHours: 0,
    energyWh: 0,
    mineSeconds: 0,
    aiSeconds: 0,
    idleSeconds: 0,
    minutesMeasured: 0,
    hoursWithoutPrice: 0,
    miningRevenueMicroUsd: 0n,
    aiRevenueMicroUsd: 0n,
    energyCostMicroUsd: 0n,
    cfMiningRevenueMicroUsd: 0n,
    cfEnergyCostMicroUsd: 0n,
  };
}

/** Adds `row` into `into` (exact for money). */
export function addFigures(into: TReportFigures, row: TReportFigures): TReportFigures {
  into.rigHours += row.rigHours;
  into.energyWh += row.energyWh;
  into.mineSeconds += row.mineSeconds;
  into.aiSeconds += row.aiSeconds;
  into.idleSeconds += row.idleSeconds;
  into.minutesMeasured += row.minutesMeasured;
  into.hoursWithoutPrice += row.hoursWithoutPrice;
  into.miningRevenueMicroUsd += row.miningRevenueMicroUsd;
  into.aiRevenueMicroUsd += row.aiRevenueMicroUsd;
  into.energyCostMicroUsd += row.energyCostMicroUsd;
  into.cfMiningRevenueMicroUsd += row.cfMiningRevenueMicroUsd;
  into.cfEnergyCostMicroUsd += row.cfEnergyCostMicroUsd;
  return into;
}

/** The figures a person reads, derived exactly from the sums. */
export function derived(f: TReportFigures) {
  const revenueMicroUsd = f.miningRevenueMicroUsd + f.aiRevenueMicroUsd;
  const marginMicroUsd = revenueMicroUsd - f.energyCostMicroUsd;
  const cfMarginMicroUsd = f.cfMiningRevenueMicroUsd - f.cfEnergyCostMicroUsd;
  const seconds = f.rigHours * 3600;
  const pct = (part: number, whole: number) => (whole > 0 ? (100 * part) / whole : 0);
  return {
    revenueMicroUsd,
    marginMicroUsd,
    cfMarginMicroUsd,
    /** Margin over "always mine": what moving rigs between modes earned. */
    upliftMicroUsd: marginMicroUsd - cfMarginMicroUsd,
    uptimePct: pct(f.minutesMeasured, f.rigHours * 60),
    minePct: pct(f.mineSeconds, seconds),
    aiPct: pct(f.aiSeconds, seconds),
    idlePct: pct(f.idleSeconds, seconds),
  };
}
