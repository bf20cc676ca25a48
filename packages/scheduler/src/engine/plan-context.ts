import { jobPowerWPerGpu, jobRevenueUsdPerHour } from "./jobs";
import type { JobModel, Problem, Solution } from "./model";
import { assignGpuIndices, placedJobOutcome, rigPowerW, sitePowerW } from "./solution";

/** Facts about a finished solution that the explainers share. */
export interface PlanContext {
  problem: Problem;
  sol: Solution;
  gpuIndices: Map<number, number[]>; // job index -> GPU indices
  rigPowerW: Float64Array;
  rigJobs: readonly number[][]; // job indices per rig, forced included (shared empty array when none)
  rigProfitUsdPerHour: Float64Array;
  siteSlackW: Float64Array; // budget left per site (IT W)
  usedGpus: Map<number, Set<number>>; // rig index -> GPU indices held by jobs
}

export function planContext(problem: Problem, sol: Solution): PlanContext {
  const gpuIndices = assignGpuIndices(problem, sol);
  const power = rigPowerW(problem, sol);
  const sitePower = sitePowerW(problem, power);
  const rigJobs: number[][] = new Array(problem.rigs.length).fill(NO_JOBS);
  const usedGpus = new Map<number, Set<number>>();
  const profit = new Float64Array(problem.rigs.length);
  for (const rig of problem.rigs) profit[rig.index] = rig.options[sol.option[rig.index] ?? 0]?.profitUsdPerHour ?? 0;
  for (const job of problem.jobs) {
    const r = sol.jobRig[job.index] ?? -1;
    if (r < 0) continue;
    rigJobs[r] = rigJobs[r] === NO_JOBS ? [job.index] : [...(rigJobs[r] ?? []), job.index];
    const used = usedGpus.get(r) ?? new Set<number>();
    for (const g of gpuIndices.get(job.index) ?? []) used.add(g);
    usedGpus.set(r, used);
    const outcome = placedJobOutcome(problem, sol, job.index);
    if (outcome) profit[r] = (profit[r] ?? 0) + outcome.scoreUsdPerHour;
  }
  const siteSlackW = new Float64Array(problem.sites.length);
  for (const site of problem.sites) siteSlackW[site.index] = site.budgetW - (sitePower[site.index] ?? 0);
  return { problem, sol, gpuIndices, rigPowerW: power, rigJobs, rigProfitUsdPerHour: profit, siteSlackW, usedGpus };
}

const NO_JOBS: number[] = [];

/** What job j would add on rig r, as a newly started job on GPUs of `gpuModel` (USD/h and W). */
export function jobOnRig(ctx: PlanContext, job: JobModel, r: number, gpuModel: string) {
  const { problem } = ctx;
  const powerW = job.input.gpuCount * jobPowerWPerGpu(problem.input, job.input, gpuModel, problem.defaultGpuPowerW);
  const site = problem.sites[problem.rigs[r]?.siteIndex ?? 0];
  const revenue = jobRevenueUsdPerHour(problem, job, false);
  return { scoreUsdPerHour: revenue - powerW * (site?.usdPerWh ?? 0), powerW };
}
