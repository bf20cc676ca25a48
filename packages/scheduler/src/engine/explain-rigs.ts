import { ascending } from "./arrays";
import { formatUsd } from "./economics";
import type { Exclusion, OptionTable, RigModel, SiteModel } from "./model";
import type { PlanContext } from "./plan-context";
import type { Sentences } from "./sentences";
import type { Alternative, Mode, ReasonCode, RigDecision } from "./types";

// Hot path (once per rig): plain loops, no callbacks, and sentences built only for what is shown
// (see rig-options.ts on why).

const EPS_USD = 1e-9;
const NO_JOB_IDS: number[] = [];
const ALTERNATIVES_SHOWN = 4; // the chosen one and the best three others

/** The chosen option with what the rig makes on it, and the site room left. */
interface Chosen {
  rig: RigModel;
  site: SiteModel;
  table: OptionTable;
  row: number; // the chosen option's row in table
  profit: number; // USD/h
  score: number; // profit less hysteresis margin, as the solvers saw it
  powerW: number;
  slackW: number;
  sentences: Sentences;
}

/**
 * Candidates of one rig as parallel columns, without objects: kind 0 = the chosen option,
 * 1 = another option (ref = its table row), 2 = an exclusion (ref = index), 3 = an annotation.
 * usd is rounded as shown; rows 0 .. count - 1 are this rig's. One scratch instance is reused
 * rig after rig (the engine is synchronous, so nothing else can see it): at 100k rigs the garbage
 * of per-rig lists costs more than the explanations. Typed columns with a count, because
 * `array.length = 0` gives a JS array's storage back and the next push allocates it again.
 */
interface Candidates {
  count: number;
  kind: Uint8Array;
  ref: Int32Array;
  usd: Float64Array;
  code: (ReasonCode | null)[];
  order: Int32Array; // rows by usd, best first
}

const scratch: Candidates = { count: 0, kind: new Uint8Array(16), ref: new Int32Array(16), usd: new Float64Array(16), code: [], order: new Int32Array(16) };

/** The rig being explained, in one reused object (see Candidates): its numbers are rewritten in place, not boxed anew per rig. */
const scratchChosen = {} as Chosen;

/** What mainReason settles on, in one reused object (see Candidates). */
interface Reason {
  code: ReasonCode;
  text: string;
}

const reason: Reason = { code: "BEST_PROFIT", text: "" };

/** The rig's decision with its alternatives and the one reason an operator reads first. */
export function explainRig(ctx: PlanContext, r: number, annotations: readonly Exclusion[], limitBound: Uint8Array): RigDecision {
  const { problem, sol } = ctx;
  const rig = problem.rigs[r] as RigModel;
  const site = problem.sites[rig.siteIndex] as SiteModel;
  const { table } = problem;
  const first = table.start[r] as number;
  const optionCount = (table.start[r + 1] as number) - first;
  const row = first + (sol.option[r] ?? 0);
  const jobIndices = ctx.rigJobs[r] ?? [];
  // Lists the plan keeps are allocated at their size (see exactSize); rigs without jobs share one
  // empty list (the plan is read-only).
  const jobIds: number[] = jobIndices.length === 0 ? NO_JOB_IDS : new Array(jobIndices.length);
  let revenue = table.revenue[row] as number;
  let score = table.score[row] as number;
  for (let i = 0; i < jobIndices.length; i++) {
    const j = jobIndices[i] as number;
    jobIds[i] = problem.jobs[j]?.input.id ?? -1;
    revenue += ctx.jobRevenueUsdPerHour[j] ?? 0;
    score += ctx.jobScoreUsdPerHour[j] ?? 0;
  }
  if (jobIds.length > 1) jobIds.sort(ascending);
  const powerW = ctx.rigPowerW[r] ?? (table.powerW[row] as number);
  const energy = powerW * site.usdPerWh;
  const profit = revenue - energy;
  const chosen = scratchChosen;
  chosen.rig = rig;
  chosen.site = site;
  chosen.table = table;
  chosen.row = row;
  chosen.profit = profit;
  chosen.score = score;
  chosen.powerW = powerW;
  chosen.slackW = ctx.siteSlackW[rig.siteIndex] ?? 0;
  chosen.sentences = ctx.sentences;

  const c = scratch;
  c.count = 0;
  reserve(c, optionCount + rig.exclusions.length + annotations.length);
  push(c, 0, 0, profit, null);
  for (let k = first; k < first + optionCount; k++) {
    if (k === row) continue;
    const code = whyNot(chosen, k);
    if (code === "CAP" || code === "COOLING") limitBound[rig.siteIndex] = 1;
    push(c, 1, k, table.profit[k] as number, code);
  }
  for (let k = 0; k < rig.exclusions.length; k++) {
    const e = rig.exclusions[k] as Exclusion;
    // An option excluded by one rule may come back by another (a pinned rig too hot: IDLE).
    const isChosen = e.mode === table.mode[row] && e.workload === table.workload[row];
    if (e.usdPerHour !== null && !isChosen) push(c, 2, k, e.usdPerHour, e.code);
  }
  for (let k = 0; k < annotations.length; k++) {
    const e = annotations[k] as Exclusion;
    if (e.usdPerHour !== null) push(c, 3, k, e.usdPerHour, e.code);
  }
  sortOrder(c);

  // The chosen row and up to ALTERNATIVES_SHOWN - 1 others.
  const alternatives: Alternative[] = new Array(Math.min(c.count, ALTERNATIVES_SHOWN));
  let shown = 0;
  let others = 0;
  for (let i = 0; i < c.count; i++) {
    const k = c.order[i] as number;
    if (c.kind[k] !== 0) {
      if (others === ALTERNATIVES_SHOWN - 1) continue;
      others += 1;
    }
    alternatives[shown++] = alternativeAt(chosen, c, k, annotations, jobIds);
  }
  const main = mainReason(chosen, c, annotations, jobIds);

  // Mode, workload or job set differs from the rig's current state. An option is current exactly
  // when its mode and workload (for IDLE its mode) are the rig's now, so isCurrent answers the first.
  const changed = table.isCurrent[row] === 0 || (problem.current.jobCount[r] as number) !== jobIds.length || (jobIds.length > 0 && !sameIds(rig.input.current.jobIds, jobIds));
  return {
    rigId: problem.current.rigId[r] as number,
    mode: table.mode[row] as Mode,
    workload: table.workload[row] ?? null,
    jobIds,
    expectedUsdPerHour: round(profit),
    revenueUsdPerHour: round(revenue),
    energyUsdPerHour: round(energy),
    powerW: round(powerW),
    alternatives,
    reasonCode: main.code,
    reason: main.text,
    changed,
  };
}

/** Room for `rows` candidates in the scratch columns. */
function reserve(c: Candidates, rows: number): void {
  if (rows <= c.kind.length) return;
  const size = Math.max(rows, 2 * c.kind.length);
  c.kind = new Uint8Array(size);
  c.ref = new Int32Array(size);
  c.usd = new Float64Array(size);
  c.order = new Int32Array(size);
}

function push(c: Candidates, kind: number, ref: number, usd: number, code: ReasonCode | null): void {
  const k = c.count++;
  c.kind[k] = kind;
  c.ref[k] = ref;
  c.usd[k] = round(usd);
  c.code[k] = code;
}

/** Rows by usdPerHour, best first, the chosen one (row 0) first among equals: a stable insertion sort into `order`. */
function sortOrder(c: Candidates): void {
  const { usd, order } = c;
  for (let k = 0; k < c.count; k++) {
    const v = usd[k] as number;
    let i = k;
    while (i > 0 && (usd[order[i - 1] as number] as number) < v) {
      order[i] = order[i - 1] as number;
      i -= 1;
    }
    order[i] = k;
  }
}

/** Why the option of row k lost to the chosen one. */
function whyNot(chosen: Chosen, k: number): ReasonCode {
  const { table } = chosen;
  if ((table.profit[k] as number) <= chosen.profit + EPS_USD) return "LOWER_PROFIT";
  if (table.isCurrent[k] === 0 && table.isCurrent[chosen.row] === 1 && (table.score[k] as number) <= chosen.score + EPS_USD) return "HYSTERESIS";
  if ((table.powerW[k] as number) - chosen.powerW > chosen.slackW + 1e-6) return chosen.site.limitKind;
  return "LOWER_PROFIT";
}

function alternativeAt(chosen: Chosen, c: Candidates, k: number, annotations: readonly Exclusion[], jobIds: number[]): Alternative {
  const usd = c.usd[k] as number;
  const kind = c.kind[k];
  const { table } = chosen;
  if (kind === 0) return { mode: table.mode[chosen.row] as Mode, workload: table.workload[chosen.row] ?? null, jobId: jobIds[0] ?? null, usdPerHour: usd, rejected: null };
  if (kind === 1) {
    const row = c.ref[k] as number;
    return { mode: table.mode[row] as Mode, workload: table.workload[row] ?? null, jobId: null, usdPerHour: usd, rejected: optionText(chosen, row, c.code[k] as ReasonCode) };
  }
  const e = (kind === 2 ? chosen.rig.exclusions : annotations)[c.ref[k] as number] as Exclusion;
  return { mode: e.mode, workload: e.workload, jobId: e.jobId, usdPerHour: usd, rejected: e.text };
}

function textAt(chosen: Chosen, c: Candidates, k: number, annotations: readonly Exclusion[]): string {
  const kind = c.kind[k];
  if (kind === 1) return optionText(chosen, c.ref[k] as number, c.code[k] as ReasonCode);
  return ((kind === 2 ? chosen.rig.exclusions : annotations)[c.ref[k] as number] as Exclusion).text;
}

/** Why the option of row k lost, in words. */
function optionText(chosen: Chosen, k: number, code: ReasonCode): string {
  const profit = chosen.table.profit[k] as number;
  if (code === "HYSTERESIS") {
    const bps = chosen.site.input.policy.hysteresisBps;
    const gain = formatUsd(profit - chosen.profit);
    return `hysteresis: switching gains ${gain}/h, not more than ${bps / 100}% (${formatUsd(chosen.rig.hysteresisMarginUsdPerHour)}/h)`;
  }
  if (code === "CAP" || code === "COOLING") return chosen.site.limitText;
  if (profit <= chosen.profit + EPS_USD) {
    const less = chosen.profit - profit;
    return less < 0.0005 ? "no gain over this choice" : chosen.sentences.makesLess(less);
  }
  return "passed over for load worth more per watt";
}

/** The one reason an operator reads first (in the reused `reason`: read it before the next rig). */
function mainReason(chosen: Chosen, c: Candidates, annotations: readonly Exclusion[], jobIds: number[]): Reason {
  const { rig } = chosen;
  if (rig.lock) return withNotes(rig, rig.lock.code, rig.lock.text);
  const profit = round(chosen.profit);
  for (let i = 0; i < c.count; i++) {
    const k = c.order[i] as number;
    const code = c.code[k];
    if (code && (c.usd[k] as number) > profit + EPS_USD) return withNotes(rig, code, textAt(chosen, c, k, annotations));
  }
  for (const e of rig.exclusions) if (e.code === "DWELL") return withNotes(rig, "DWELL", e.text);
  const { table, row } = chosen;
  const mode = table.mode[row];
  const workload = table.workload[row] ?? null;
  if (mode === "IDLE") {
    for (let i = 0; i < c.count; i++) {
      const k = c.order[i] as number;
      const kind = c.kind[k];
      if (kind === 0) continue;
      // What alternativeAt would show for row k, without its sentence.
      const alt = kind === 1 ? null : ((kind === 2 ? rig.exclusions : annotations)[c.ref[k] as number] as Exclusion);
      const jobId = alt === null ? null : alt.jobId;
      const altMode = alt === null ? table.mode[c.ref[k] as number] : alt.mode;
      const altWorkload = alt === null ? (table.workload[c.ref[k] as number] ?? null) : alt.workload;
      if (altMode !== "MINE" && jobId === null) continue;
      const usd = c.usd[k] as number;
      // Without a job, alt is a mining option: the line above skipped the rest.
      const text =
        jobId !== null
          ? `idle: job ${jobId} would make ${formatUsd(usd)}/h at ${chosen.site.priceText}`
          : chosen.sentences.idleMining(chosen.site.index, chosen.site.priceText, altWorkload, usd);
      return withNotes(rig, "UNPROFITABLE", text);
    }
    return withNotes(rig, "BEST_PROFIT", "nothing better to run");
  }
  if (mode === "AI") {
    if (jobIds.length === 0) return withNotes(rig, "BEST_PROFIT", chosen.sentences.aiStandby(workload, chosen.profit));
    const what = `job${jobIds.length > 1 ? "s" : ""} ${jobIds.join(", ")}`;
    return withNotes(rig, "BEST_PROFIT", `AI ${workload}: ${what}, ${formatUsd(chosen.profit)}/h`);
  }
  return withNotes(rig, "BEST_PROFIT", chosen.sentences.miningBest(workload, chosen.profit));
}

function withNotes(rig: RigModel, code: ReasonCode, text: string): Reason {
  reason.code = code;
  reason.text = rig.notes.length === 0 || code === "GPU_HOT" || code === "GPU_UNHEALTHY" ? text : `${text}; ${rig.notes.join("; ")}`;
  return reason;
}

function sameIds(a: readonly number[], sortedB: readonly number[]): boolean {
  if (a.length !== sortedB.length) return false;
  for (const id of a) if (!sortedB.includes(id)) return false;
  return true;
}

/** Money and watts to 6 decimals: readable JSON, and -0 never shows. */
export function round(x: number): number {
  const v = Math.round(x * 1e6) / 1e6;
  return v === 0 ? 0 : v;
}
