import { switchHorizonSeconds } from "./economics";
import type { Problem, RigModel, SiteModel } from "./model";
import { exclude, optionModel } from "./rig-model";
import { idlePowerW, isCurrentOption } from "./rig-options";

/**
 * Repair before optimising: when the load nobody may change (offline rigs, forced jobs, pins,
 * dwell, idle draw) already exceeds a site's limit, pinned and dwelling rigs are sent to IDLE,
 * least profit per watt first, until it fits. Pins and dwell yield to the site limit; forced
 * jobs and offline rigs do not. If it still does not fit, the budget is what remains, so the
 * solvers stay feasible and the plan reports the site as binding. Returns whether any rig was shed.
 */
export function shedLockedRigsOverLimit(problem: Problem, dwell: readonly boolean[], loadW: Float64Array): boolean {
  let any = false;
  for (const site of problem.sites) {
    let load = loadW[site.index] ?? 0;
    if (load > site.limitW) {
      const candidates = problem.rigs
        .filter((rig) => rig.siteIndex === site.index && (rig.lock?.code === "PINNED" || dwell[rig.index]))
        .filter((rig) => !rig.options.some((o) => o.mode === "IDLE"))
        .map((rig) => ({ rig, idle: idleOption(problem, rig, site) }))
        .map((c) => ({ ...c, gainW: minPowerW(c.rig) - c.idle.powerW }))
        .filter((c) => c.gainW > 0)
        .sort((a, b) => lostPerWatt(a.rig, a.idle.scoreUsdPerHour, a.gainW) - lostPerWatt(b.rig, b.idle.scoreUsdPerHour, b.gainW));
      for (const { rig, idle, gainW } of candidates) {
        if (load <= site.limitW) break;
        shed(rig, idle, site);
        any = true;
        load -= gainW;
      }
    }
    site.budgetW = Math.max(site.limitW, load);
  }
  return any;
}

function shed(rig: RigModel, idle: ReturnType<typeof idleOption>, site: SiteModel): void {
  const text = site.limitText;
  for (const o of rig.options) {
    exclude(rig, { mode: o.mode, workload: o.workload, jobId: null, usdPerHour: o.profitUsdPerHour, code: site.limitKind, text });
  }
  rig.options = [idle];
  rig.currentOption = idle.isCurrent ? 0 : -1;
  rig.acceptsNewJobs = false;
  rig.lock = { code: site.limitKind, text };
}

function idleOption(problem: Problem, rig: RigModel, site: SiteModel) {
  const o = optionModel(
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
    problem.optionNumbers,
  );
  if (!o.isCurrent) o.scoreUsdPerHour = o.profitUsdPerHour - rig.hysteresisMarginUsdPerHour;
  return o;
}

function minPowerW(rig: RigModel): number {
  let min = Number.POSITIVE_INFINITY;
  for (const o of rig.options) min = Math.min(min, o.powerW);
  return min;
}

function lostPerWatt(rig: RigModel, idleScore: number, gainW: number): number {
  let best = Number.NEGATIVE_INFINITY;
  for (const o of rig.options) best = Math.max(best, o.scoreUsdPerHour);
  return (best - idleScore) / gainW;
}
