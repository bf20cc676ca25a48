import type { Problem, Solution } from "./model";
import { baselineSolution } from "./solution";

/** Working state of the greedy solver. Site budgets and free GPUs are kept in step with `sol`. */
export interface GreedyState {
  problem: Problem;
  sol: Solution;
  siteFreeW: Float64Array; // IT watts left under each site's budget
  lambda: Float64Array; // shadow price of site power, USD per Wh (0 while a site has room)
  classFree: Int32Array[]; // per rig, free GPUs per class (home GPUs stay reserved until released)
  gpuClass: Map<number, number>[]; // per rig, GPU index -> class index
  rigJobCount: Int32Array; // placed jobs per rig, forced included
  aiOption: (Map<string, number> | null)[]; // per rig, runtime -> index of its AI option
}

export function initGreedyState(problem: Problem): GreedyState {
  const sol = baselineSolution(problem);
  const siteFreeW = new Float64Array(problem.sites.length);
  for (const site of problem.sites) siteFreeW[site.index] = site.budgetW;
  const rigJobCount = new Int32Array(problem.rigs.length);
  const classFree: Int32Array[] = [];
  const gpuClass: Map<number, number>[] = [];
  const aiOption: (Map<string, number> | null)[] = [];

  for (const rig of problem.rigs) {
    const option = rig.options[sol.option[rig.index] ?? 0];
    siteFreeW[rig.siteIndex] = (siteFreeW[rig.siteIndex] ?? 0) - (option?.powerW ?? 0);
    rigJobCount[rig.index] = rig.forcedJobs.length;
    classFree.push(Int32Array.from(rig.classes, (c) => c.indices.length));
    const byGpu = new Map<number, number>();
    rig.classes.forEach((c, ci) => {
      for (const g of c.indices) byGpu.set(g, ci);
    });
    gpuClass.push(byGpu);
    let ai: Map<string, number> | null = null;
    rig.options.forEach((o, oi) => {
      if (o.mode !== "AI" || o.workload === null) return;
      ai ??= new Map();
      ai.set(o.workload, oi);
    });
    aiOption.push(ai);
  }
  for (const job of problem.jobs) {
    if (!job.home) continue;
    const free = classFree[job.home.rigIndex];
    const byGpu = gpuClass[job.home.rigIndex];
    if (!free || !byGpu) continue;
    for (const g of job.home.gpuIndices) {
      const c = byGpu.get(g);
      if (c !== undefined) free[c] = (free[c] ?? 0) - 1;
    }
  }
  return { problem, sol, siteFreeW, lambda: new Float64Array(problem.sites.length), classFree, gpuClass, rigJobCount, aiOption };
}

/** The runtime a rig runs under the current solution, or null when it is not in AI mode. */
export function aiRuntimeOf(state: GreedyState, r: number): string | null {
  const option = state.problem.rigs[r]?.options[state.sol.option[r] ?? 0];
  return option?.mode === "AI" ? option.workload : null;
}

export function optionPowerW(state: GreedyState, r: number, optionIndex: number): number {
  return state.problem.rigs[r]?.options[optionIndex]?.powerW ?? 0;
}

export function optionScore(state: GreedyState, r: number, optionIndex: number): number {
  return state.problem.rigs[r]?.options[optionIndex]?.scoreUsdPerHour ?? 0;
}

/** Moves rig r to another option, keeping the site budget in step. */
export function setOption(state: GreedyState, r: number, optionIndex: number): void {
  const rig = state.problem.rigs[r];
  if (!rig) return;
  const before = optionPowerW(state, r, state.sol.option[r] ?? 0);
  state.sol.option[r] = optionIndex;
  state.siteFreeW[rig.siteIndex] = (state.siteFreeW[rig.siteIndex] ?? 0) + before - optionPowerW(state, r, optionIndex);
}
