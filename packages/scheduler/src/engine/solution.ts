import { ascending } from "./arrays";
import { jobScoreUsdPerHour, placementOrder } from "./jobs";
import type { OptionTable, Problem, Solution } from "./model";

/** Every rig on its lowest-power option (most profitable among equals), forced jobs in place. */
export function baselineSolution(problem: Problem): Solution {
  const { table } = problem;
  const option = new Int32Array(problem.rigs.length);
  for (let r = 0; r < problem.rigs.length; r++) option[r] = baselineRow(table, r) - (table.start[r] ?? 0);
  const jobRig = new Int32Array(problem.jobs.length).fill(-1);
  const jobAtHome = new Uint8Array(problem.jobs.length);
  for (const job of problem.jobs) {
    if (job.forcedRig < 0) continue;
    jobRig[job.index] = job.forcedRig;
    jobAtHome[job.index] = 1;
  }
  return { option, jobRig, jobAtHome, jobClassCounts: problem.jobs.map(() => null) };
}

/** Row (in the option table) of rig r's lowest-power option, most profitable among equals. */
export function baselineRow(table: OptionTable, r: number): number {
  const end = table.start[r + 1] ?? 0;
  let best = table.start[r] ?? 0;
  for (let k = best + 1; k < end; k++) {
    const p = table.powerW[k] as number;
    const b = table.powerW[best] as number;
    if (p < b || (p === b && (table.score[k] as number) > (table.score[best] as number))) best = k;
  }
  return best;
}

export interface JobOutcome {
  scoreUsdPerHour: number;
  revenueUsdPerHour: number;
  powerW: number;
}

/** What a placed, non-forced job adds to its rig. Forced jobs are already in their rig's option. */
export function placedJobOutcome(problem: Problem, sol: Solution, jobIndex: number): JobOutcome | null {
  const job = problem.jobs[jobIndex];
  const r = sol.jobRig[jobIndex] ?? -1;
  if (!job || r < 0 || job.forcedRig >= 0) return null;
  return jobScoreUsdPerHour(problem, job, r, sol.jobAtHome[jobIndex] === 1, sol.jobClassCounts[jobIndex] ?? null);
}

export function sitePowerW(problem: Problem, rigPower: Float64Array): Float64Array {
  const power = new Float64Array(problem.sites.length);
  const { rigSite } = problem.table;
  for (let r = 0; r < rigPower.length; r++) {
    const s = rigSite[r] ?? 0;
    power[s] = (power[s] ?? 0) + (rigPower[r] ?? 0);
  }
  return power;
}

/** The objective both solvers maximise (USD/h): option scores plus what placed jobs add. */
export function solutionScore(problem: Problem, sol: Solution): number {
  let total = 0;
  const { table } = problem;
  for (let r = 0; r < problem.rigs.length; r++) total += table.score[(table.start[r] ?? 0) + (sol.option[r] ?? 0)] ?? 0;
  for (const job of problem.jobs) total += placedJobOutcome(problem, sol, job.index)?.scoreUsdPerHour ?? 0;
  return total;
}

/**
 * GPU indices per placed job: forced and home jobs keep theirs, the others take the lowest free
 * indices of their classes in placement order.
 */
export function assignGpuIndices(problem: Problem, sol: Solution): Map<number, number[]> {
  // No closures made per call (the engine's rule for hot code, see the README).
  const out = new Map<number, number[]>();
  const used = new Map<number, Set<number>>();
  const isOther = new Uint8Array(problem.jobs.length);
  for (const job of problem.jobs) {
    const r = sol.jobRig[job.index] ?? -1;
    if (r < 0) continue;
    if (job.forcedRig >= 0) {
      const indices = [...(job.input.placement?.gpuIndices ?? [])];
      out.set(job.index, indices);
      hold(used, r, indices);
    } else if (sol.jobAtHome[job.index] === 1 && job.home) {
      out.set(job.index, [...job.home.gpuIndices]);
      hold(used, r, job.home.gpuIndices);
    } else isOther[job.index] = 1;
  }
  for (const job of placementOrder(problem.jobs)) {
    const j = job.index;
    if (isOther[j] !== 1) continue;
    const r = sol.jobRig[j] ?? -1;
    const rig = problem.rigs[r];
    const counts = sol.jobClassCounts[j];
    if (!rig || !counts) continue;
    const taken = used.get(r) ?? new Set<number>();
    const indices: number[] = [];
    for (let c = 0; c < counts.length; c++) {
      let n = counts[c] ?? 0;
      for (const g of rig.classes[c]?.indices ?? []) {
        if (n === 0) break;
        if (taken.has(g)) continue;
        indices.push(g);
        n -= 1;
      }
    }
    indices.sort(ascending);
    out.set(j, indices);
    hold(used, r, indices);
  }
  return out;
}

/** Marks GPUs `indices` of rig r as used. */
function hold(used: Map<number, Set<number>>, r: number, indices: readonly number[]): void {
  const set = used.get(r) ?? new Set<number>();
  for (let i = 0; i < indices.length; i++) set.add(indices[i] as number);
  used.set(r, set);
}
