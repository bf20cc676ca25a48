import type { Problem, Solution } from "./model";
import { baselineSolution } from "./solution";

/**
 * Working state of the greedy solver. Site budgets and free GPUs are kept in step with `sol`.
 * Per-rig data lives in flat typed arrays: at 100k rigs, a small array or Map per rig costs more
 * in allocation and garbage collection than the whole optimisation.
 */
export interface GreedyState {
  problem: Problem;
  sol: Solution;
  siteFreeW: Float64Array; // IT watts left under each site's budget
  lambda: Float64Array; // shadow price of site power, USD per Wh (0 while a site has room)
  classOffset: Int32Array; // rig r's classes are classFree[classOffset[r] .. classOffset[r + 1])
  classFree: Int32Array; // free GPUs per rig class (home GPUs stay reserved until released)
  rigJobCount: Int32Array; // placed jobs per rig, forced included
  rigJobs: Map<number, number[]>; // rig index -> placed non-forced job indices
  homeReserved: Uint8Array; // per job: 1 while its home GPUs are held back for it
  rigVersion: Uint32Array; // per rig: bumped whenever its option or its jobs change (caches of what a rig allows check it)
}

const NO_JOBS: readonly number[] = [];

export function initGreedyState(problem: Problem): GreedyState {
  const sol = baselineSolution(problem);
  const siteFreeW = new Float64Array(problem.sites.length);
  for (const site of problem.sites) siteFreeW[site.index] = site.budgetW;
  const { table, rigColumns } = problem;
  for (let r = 0; r < problem.rigs.length; r++) {
    const site = table.rigSite[r] as number;
    const row = (table.start[r] ?? 0) + (sol.option[r] ?? 0);
    siteFreeW[site] = (siteFreeW[site] ?? 0) - (table.powerW[row] ?? 0);
  }
  const rigJobCount = rigColumns.forcedJobCount.slice();
  const classOffset = rigColumns.classStart; // never written
  const classFree = rigColumns.classGpuCount.slice();
  const state: GreedyState = {
    problem,
    sol,
    siteFreeW,
    lambda: new Float64Array(problem.sites.length),
    classOffset,
    classFree,
    rigJobCount,
    rigJobs: new Map(),
    homeReserved: new Uint8Array(problem.jobs.length),
    rigVersion: new Uint32Array(problem.rigs.length),
  };
  for (const job of problem.jobs) {
    if (!job.home) continue;
    state.homeReserved[job.index] = 1;
    for (const g of job.home.gpuIndices) {
      const c = gpuClassOf(state, job.home.rigIndex, g);
      if (c >= 0) addFree(state, job.home.rigIndex, c, -1);
    }
  }
  return state;
}

export function freeGpus(state: GreedyState, r: number, c: number): number {
  return state.classFree[(state.classOffset[r] ?? 0) + c] ?? 0;
}

export function addFree(state: GreedyState, r: number, c: number, delta: number): void {
  const k = (state.classOffset[r] ?? 0) + c;
  state.classFree[k] = (state.classFree[k] ?? 0) + delta;
}

export function classCount(state: GreedyState, r: number): number {
  return (state.classOffset[r + 1] ?? 0) - (state.classOffset[r] ?? 0);
}

/** Class of GPU `g` on rig r, or -1 when the GPU is not usable for jobs. */
export function gpuClassOf(state: GreedyState, r: number, g: number): number {
  const classes = state.problem.rigs[r]?.classes ?? [];
  for (let c = 0; c < classes.length; c++) if (classes[c]?.indices.includes(g)) return c;
  return -1;
}

/** Index of rig r's AI option for `runtime`, or -1. */
export function aiOptionIndex(state: GreedyState, r: number, runtime: string): number {
  const { table } = state.problem;
  const first = table.start[r] ?? 0;
  const end = table.start[r + 1] ?? 0;
  for (let k = first; k < end; k++) if (table.isAi[k] === 1 && table.workload[k] === runtime) return k - first;
  return -1;
}

export function jobsOnRig(state: GreedyState, r: number): readonly number[] {
  return state.rigJobs.get(r) ?? NO_JOBS;
}

/** The runtime a rig runs under the current solution, or null when it is not in AI mode. */
export function aiRuntimeOf(state: GreedyState, r: number): string | null {
  const { table } = state.problem;
  const row = (table.start[r] ?? 0) + (state.sol.option[r] ?? 0);
  if (table.isAi[row] !== 1) return null;
  return table.workload[row] ?? null;
}

export function optionPowerW(state: GreedyState, r: number, optionIndex: number): number {
  const { table } = state.problem;
  return table.powerW[(table.start[r] ?? 0) + optionIndex] ?? 0;
}

export function optionScore(state: GreedyState, r: number, optionIndex: number): number {
  const { table } = state.problem;
  return table.score[(table.start[r] ?? 0) + optionIndex] ?? 0;
}

/** Moves rig r to another option, keeping the site budget in step. */
export function setOption(state: GreedyState, r: number, optionIndex: number): void {
  const site = state.problem.table.rigSite[r] ?? 0;
  const before = optionPowerW(state, r, state.sol.option[r] ?? 0);
  state.sol.option[r] = optionIndex;
  rigChanged(state, r);
  state.siteFreeW[site] = (state.siteFreeW[site] ?? 0) + before - optionPowerW(state, r, optionIndex);
}

/** Marks rig r changed, for caches keyed on rigVersion. */
export function rigChanged(state: GreedyState, r: number): void {
  state.rigVersion[r] = (state.rigVersion[r] ?? 0) + 1;
}
