import { jobPowerWPerGpu, jobRevenueUsdPerHour } from "./jobs";
import type { JobModel, Problem, Solution } from "./model";
import { Sentences } from "./sentences";
import { assignGpuIndices, placedJobOutcome, sitePowerW } from "./solution";

/** Facts about a finished solution that the explainers share. */
export interface PlanContext {
  problem: Problem;
  sol: Solution;
  gpuIndices: Map<number, number[]>; // job index -> GPU indices
  rigPowerW: Float64Array;
  rigJobs: readonly number[][]; // job indices per rig, forced included (shared empty array when none)
  rigProfitUsdPerHour: Float64Array;
  siteSlackW: Float64Array; // budget left per site (IT W)
  /** placedJobOutcome per job, computed once: 0 where it is null (unplaced or forced jobs). */
  jobScoreUsdPerHour: Float64Array;
  jobRevenueUsdPerHour: Float64Array;
  sentences: Sentences; // shared by the rigs' explanations
}

export function planContext(problem: Problem, sol: Solution): PlanContext {
  const gpuIndices = assignGpuIndices(problem, sol);
  const jobCount = problem.jobs.length;
  const jobScore = new Float64Array(jobCount);
  const jobRevenue = new Float64Array(jobCount);
  const jobPowerW = new Float64Array(jobCount);
  const hasOutcome = new Uint8Array(jobCount);
  for (let j = 0; j < jobCount; j++) {
    const outcome = placedJobOutcome(problem, sol, j);
    if (!outcome) continue;
    hasOutcome[j] = 1;
    jobScore[j] = outcome.scoreUsdPerHour;
    jobRevenue[j] = outcome.revenueUsdPerHour;
    jobPowerW[j] = outcome.powerW;
  }
  // Per rig: its option's power and profit, then what its placed jobs add, in job order.
  const { table } = problem;
  const power = new Float64Array(problem.rigs.length);
  const profit = new Float64Array(problem.rigs.length);
  for (let r = 0; r < problem.rigs.length; r++) {
    const row = (table.start[r] ?? 0) + (sol.option[r] ?? 0);
    power[r] = table.powerW[row] ?? 0;
    profit[r] = table.profit[row] ?? 0;
  }
  const rigJobs: number[][] = new Array(problem.rigs.length).fill(NO_JOBS);
  for (let j = 0; j < jobCount; j++) {
    const r = sol.jobRig[j] ?? -1;
    if (r < 0) continue;
    rigJobs[r] = rigJobs[r] === NO_JOBS ? [j] : [...(rigJobs[r] ?? []), j];
    if (hasOutcome[j] !== 1) continue;
    power[r] = (power[r] ?? 0) + (jobPowerW[j] ?? 0);
    profit[r] = (profit[r] ?? 0) + (jobScore[j] ?? 0);
  }
  const sitePower = sitePowerW(problem, power);
  const siteSlackW = new Float64Array(problem.sites.length);
  for (const site of problem.sites) siteSlackW[site.index] = site.budgetW - (sitePower[site.index] ?? 0);
  return {
    problem,
    sol,
    gpuIndices,
    rigPowerW: power,
    rigJobs,
    rigProfitUsdPerHour: profit,
    siteSlackW,
    jobScoreUsdPerHour: jobScore,
    jobRevenueUsdPerHour: jobRevenue,
    sentences: new Sentences(),
  };
}

const NO_JOBS: number[] = [];

/** GPU indices held by the jobs on rig r (only unplaced jobs' explanations ask, for a few rigs). */
export function usedGpus(ctx: PlanContext, r: number): Set<number> {
  const used = new Set<number>();
  for (const j of ctx.rigJobs[r] ?? NO_JOBS) for (const g of ctx.gpuIndices.get(j) ?? []) used.add(g);
  return used;
}

/** What job j would add on rig r, as a newly started job on GPUs of `gpuModel` (USD/h and W). */
export function jobOnRig(ctx: PlanContext, job: JobModel, r: number, gpuModel: string) {
  const { problem } = ctx;
  const powerW = job.input.gpuCount * jobPowerWPerGpu(problem.input, job.input, gpuModel, problem.defaultGpuPowerW);
  const site = problem.sites[problem.rigs[r]?.siteIndex ?? 0];
  const revenue = jobRevenueUsdPerHour(problem, job, false);
  return { scoreUsdPerHour: revenue - powerW * (site?.usdPerWh ?? 0), powerW };
}
