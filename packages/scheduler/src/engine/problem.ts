import { DEFAULT_GPU_POWER_W, hysteresisMarginUsdPerHour, startLossFraction, usdPerWattHour } from "./economics";
import { compareJobs, jobOrderFacts, jobPowerWPerGpu, jobScoreUsdPerHour } from "./jobs";
import type { JobModel, Problem, RigModel, SiteModel } from "./model";
import { buildRigModel, eligibleClasses, type ForcedLoad } from "./rig-model";
import { shedLockedRigsOverLimit } from "./shed";
import type { EngineInput, SiteInput } from "./types";

/** Builds the epoch's model: sites' budgets, rigs' options, jobs' homes and order. Pure. */
export function buildProblem(input: EngineInput): Problem {
  const sites = input.sites.map(siteModel);
  const siteIndexById = new Map(input.sites.map((s, i) => [s.id, i]));
  const rigIndexById = new Map(input.rigs.map((r, i) => [r.id, i]));
  const defaultGpuPowerW = DEFAULT_GPU_POWER_W;

  const forced = new Map<number, ForcedLoad>();
  const placedPowerW = new Float64Array(input.rigs.length);
  input.jobs.forEach((job, jobIndex) => {
    const r = job.placement ? rigIndexById.get(job.placement.rigId) : undefined;
    const rig = r === undefined ? undefined : input.rigs[r];
    if (!job.placement || r === undefined || !rig) return;
    let powerW = 0;
    for (const gpuIndex of job.placement.gpuIndices) {
      const model = rig.gpus.find((g) => g.index === gpuIndex)?.model ?? "";
      powerW += jobPowerWPerGpu(input, job, model, defaultGpuPowerW);
    }
    placedPowerW[r] = (placedPowerW[r] ?? 0) + powerW;
    if (rig.online && !(job.running && !job.preemptible)) return;
    const load = forced.get(r) ?? { jobs: [], powerW: 0, revenueUsdPerHour: 0 };
    load.jobs.push({ jobIndex, jobId: job.id, runtime: job.runtime, gpuIndices: job.placement.gpuIndices });
    load.powerW += powerW;
    load.revenueUsdPerHour += job.gpuCount * job.priceUsdPerGpuHour;
    forced.set(r, load);
  });

  const ctx = { input, profiles: new Map(input.profiles.map((p) => [p.key, p])) };
  const noForced: ForcedLoad = { jobs: [], powerW: 0, revenueUsdPerHour: 0 };
  const dwell: boolean[] = [];
  const rigs: RigModel[] = input.rigs.map((rig, index) => {
    const site = sites[siteIndexById.get(rig.siteId) ?? -1];
    if (!site) throw new Error(`rig ${rig.id} references unknown site ${rig.siteId}`);
    const f = forced.get(index) ?? noForced;
    const { dwell: inDwell, ...model } = buildRigModel({ ctx, rig, index, site, forced: f, placedJobsPowerW: placedPowerW[index] ?? 0 });
    dwell.push(inDwell);
    if (model.options.some((o) => o.mode === "AI")) {
      const held = new Set(f.jobs.flatMap((j) => j.gpuIndices));
      model.classes = eligibleClasses(rig, site.input.policy.maxGpuTempC, held);
    }
    return model;
  });

  const problem: Problem = {
    input,
    sites,
    rigs,
    jobs: [],
    aiStartFraction: startLossFraction(input.switching.aiStartSeconds, input.epochSeconds),
    defaultGpuPowerW,
  };
  problem.jobs = buildJobs(problem, forced, rigIndexById);
  applyHysteresis(problem);
  shedLockedRigsOverLimit(problem, dwell);
  return problem;
}

function siteModel(site: SiteInput, index: number): SiteModel {
  const capW = (site.powerCapKw * 1000) / site.pue;
  const coolingW = site.coolingCapacityKw * 1000;
  const limitW = Math.max(0, Math.min(capW, coolingW));
  const strike = site.policy.curtailStrikeUsdPerMwh;
  return {
    index,
    input: site,
    usdPerWh: usdPerWattHour(site),
    limitW,
    limitKind: capW <= coolingW ? "CAP" : "COOLING",
    budgetW: limitW,
    curtailed: strike !== null && site.electricityUsdPerMwh > strike,
  };
}

function buildJobs(problem: Problem, forced: Map<number, ForcedLoad>, rigIndexById: Map<number, number>): JobModel[] {
  const { input, rigs } = problem;
  const forcedRigOf = new Map<number, number>();
  for (const [r, load] of forced) for (const j of load.jobs) forcedRigOf.set(j.jobIndex, r);
  const claimed = new Map<number, Set<number>>(); // rig index -> GPU indices held by a home job

  const jobs: JobModel[] = input.jobs.map((job, index) => {
    const forcedRig = forcedRigOf.get(index) ?? -1;
    let home: JobModel["home"] = null;
    if (forcedRig < 0 && job.placement) {
      const r = rigIndexById.get(job.placement.rigId);
      const rig = r === undefined ? undefined : rigs[r];
      if (r !== undefined && rig && homeStillValid(rig, job.runtime, job.gpuCount, job.placement.gpuIndices, claimed)) {
        home = { rigIndex: r, gpuIndices: [...job.placement.gpuIndices] };
      }
    }
    return { index, input: job, grossUsdPerHour: job.gpuCount * job.priceUsdPerGpuHour, forcedRig, home, orderKey: 0 };
  });

  const facts = jobs.map((job) => {
    const revenue = job.grossUsdPerHour * (job.home && job.input.running ? 1 : 1 - problem.aiStartFraction);
    return jobOrderFacts(job.input, revenue, job.input.gpuCount * typicalGpuPowerW(input, job.input.gpuModels, job.input.aiPowerWPerGpu));
  });
  const order = jobs.map((_, i) => i).sort((a, b) => compareJobs(facts[a] as never, facts[b] as never));
  order.forEach((jobIndex, position) => {
    (jobs[jobIndex] as JobModel).orderKey = position;
  });
  return jobs;
}

/** A placed job may stay where it is if the rig still runs its runtime and its GPUs are usable. */
function homeStillValid(rig: RigModel, runtime: string, gpuCount: number, gpuIndices: number[], claimed: Map<number, Set<number>>): boolean {
  if (gpuIndices.length !== gpuCount) return false;
  if (!rig.options.some((o) => o.mode === "AI" && o.workload === runtime)) return false;
  const usable = new Set(rig.classes.flatMap((c) => c.indices));
  const taken = claimed.get(rig.index) ?? new Set<number>();
  if (new Set(gpuIndices).size !== gpuIndices.length) return false;
  if (!gpuIndices.every((g) => usable.has(g) && !taken.has(g))) return false;
  for (const g of gpuIndices) taken.add(g);
  claimed.set(rig.index, taken);
  return true;
}

function typicalGpuPowerW(input: EngineInput, models: string[], own: number | undefined): number {
  if (own !== undefined) return own;
  const known = models.map((m) => input.gpuBoardPowerW?.[m]).filter((w): w is number => w !== undefined);
  if (known.length === 0) return DEFAULT_GPU_POWER_W;
  return known.reduce((a, b) => a + b, 0) / known.length;
}

/**
 * Hysteresis as a fixed adjustment: every option but the current one scores its profit less the
 * margin, so a switch wins only when it gains more than the margin (both solvers see the same).
 * The current profit of an AI rig counts the jobs that may stay on it.
 */
function applyHysteresis(problem: Problem): void {
  const homeScore = new Float64Array(problem.rigs.length);
  for (const job of problem.jobs) {
    if (!job.home) continue;
    const r = job.home.rigIndex;
    homeScore[r] = (homeScore[r] ?? 0) + jobScoreUsdPerHour(problem, job, r, true, null).scoreUsdPerHour;
  }
  for (const rig of problem.rigs) {
    const current = rig.options[rig.currentOption];
    if (!current || rig.options.length < 2) continue;
    const site = problem.sites[rig.siteIndex] as SiteModel;
    const currentProfit = current.profitUsdPerHour + (current.mode === "AI" ? (homeScore[rig.index] ?? 0) : 0);
    const margin = hysteresisMarginUsdPerHour(site.input.policy.hysteresisBps, currentProfit);
    rig.hysteresisMarginUsdPerHour = margin;
    for (const o of rig.options) if (!o.isCurrent) o.scoreUsdPerHour = o.profitUsdPerHour - margin;
  }
}
