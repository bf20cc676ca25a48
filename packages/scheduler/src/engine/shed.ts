import { switchHorizonSeconds } from "./economics";
import type { Problem, RigModel, SiteModel } from "./model";
import type { OptionRows } from "./option-rows";
import { exclude, optionRow } from "./rig-model";
import { idlePowerW, isCurrentOption } from "./rig-options";
import type { Mode } from "./types";

/**
 * Repair before optimising: when the load nobody may change (offline rigs, forced jobs, pins,
 * dwell, idle draw) already exceeds a site's limit, pinned and dwelling rigs are sent to IDLE,
 * least profit per watt first, until it fits. Pins and dwell yield to the site limit; forced
 * jobs and offline rigs do not. If it still does not fit, the budget is what remains, so the
 * solvers stay feasible and the plan reports the site as binding. Returns the shed rigs, each
 * with its IDLE row (rows: the rigs' option rows, all closed).
 */
export function shedLockedRigsOverLimit(problem: Problem, rows: OptionRows, dwell: readonly boolean[], loadW: Float64Array): Map<number, number> {
  const shedRows = new Map<number, number>();
  for (const site of problem.sites) {
    let load = loadW[site.index] ?? 0;
    if (load > site.limitW) {
      const candidates = problem.rigs
        .filter((rig) => rig.siteIndex === site.index && (rig.lock?.code === "PINNED" || dwell[rig.index]))
        .filter((rig) => !hasIdle(rows, rig.index))
        .map((rig) => ({ rig, idle: idleRow(problem, rows, rig, site) }))
        .map((c) => ({ ...c, gainW: minPowerW(rows, c.rig.index) - (rows.powerW[c.idle] as number) }))
        .filter((c) => c.gainW > 0)
        .sort((a, b) => lostPerWatt(rows, a.rig.index, rows.score[a.idle] as number, a.gainW) - lostPerWatt(rows, b.rig.index, rows.score[b.idle] as number, b.gainW));
      for (const { rig, idle, gainW } of candidates) {
        if (load <= site.limitW) break;
        shed(rows, rig, idle, site);
        shedRows.set(rig.index, idle);
        load -= gainW;
      }
    }
    site.budgetW = Math.max(site.limitW, load);
  }
  return shedRows;
}

/** The rig's options become exclusions and its IDLE row (added by idleRow) its only option. */
function shed(rows: OptionRows, rig: RigModel, idle: number, site: SiteModel): void {
  const text = site.limitText;
  for (let k = rows.start[rig.index] as number; k < (rows.start[rig.index + 1] as number); k++) {
    exclude(rig, { mode: rows.mode[k] as Mode, workload: rows.workload[k] ?? null, jobId: null, usdPerHour: rows.profit[k] as number, code: site.limitKind, text });
  }
  rig.currentOption = rows.isCurrent[idle] === 1 ? 0 : -1;
  rig.acceptsNewJobs = false;
  rig.lock = { code: site.limitKind, text };
}

/** The rig's IDLE option as a new row, after the rigs' rows; its index. */
function idleRow(problem: Problem, rows: OptionRows, rig: RigModel, site: SiteModel): number {
  const row = optionRow(
    {
      mode: "IDLE",
      workload: null,
      powerW: idlePowerW(rig.input),
      grossRevenueUsdPerHour: 0,
      startSeconds: 0,
      isCurrent: isCurrentOption(rig.input, "IDLE", null),
      unusable: null,
    },
    site,
    switchHorizonSeconds(problem.input.epochSeconds, site.input.policy.minDwellSeconds),
    rows,
  );
  if (rows.isCurrent[row] === 0) rows.score[row] = (rows.profit[row] as number) - rig.hysteresisMarginUsdPerHour;
  return row;
}

function hasIdle(rows: OptionRows, r: number): boolean {
  for (let k = rows.start[r] as number; k < (rows.start[r + 1] as number); k++) if (rows.mode[k] === "IDLE") return true;
  return false;
}

function minPowerW(rows: OptionRows, r: number): number {
  let min = Number.POSITIVE_INFINITY;
  for (let k = rows.start[r] as number; k < (rows.start[r + 1] as number); k++) min = Math.min(min, rows.powerW[k] as number);
  return min;
}

function lostPerWatt(rows: OptionRows, r: number, idleScore: number, gainW: number): number {
  let best = Number.NEGATIVE_INFINITY;
  for (let k = rows.start[r] as number; k < (rows.start[r + 1] as number); k++) best = Math.max(best, rows.score[k] as number);
  return (best - idleScore) / gainW;
}
