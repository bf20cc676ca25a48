import { jobScoreUsdPerHour } from "./jobs";
import type { Problem, Solution } from "./model";

/** Every rig on its lowest-power option (most profitable among equals), forced jobs in place. */
export function baselineSolution(problem: Problem): Solution {
  const option = new Int32Array(problem.rigs.length);
  for (const rig of problem.rigs) option[rig.index] = baselineOption(rig.options);
  const jobRig = new Int32Array(problem.jobs.length).fill(-1);
  const jobAtHome = new Uint8Array(problem.jobs.length);
  for (const job of problem.jobs) {
    if (job.forcedRig < 0) continue;
    jobRig[job.index] = job.forcedRig;
    jobAtHome[job.index] = 1;
  }
  return { option, jobRig, jobAtHome, jobClassCounts: problem.jobs.map(() => null) };
}

export function baselineOption(options: readonly { powerW: number; scoreUsdPerHour: number }[]): number {
  let best = 0;
  options.forEach((o, i) => {
    const b = options[best];
    if (b && (o.powerW < b.powerW || (o.powerW === b.powerW && o.scoreUsdPerHour > b.scoreUsdPerHour))) best = i;
  });
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

/** IT power of each rig under the solution (W). */
export function rigPowerW(problem: Problem, sol: Solution): Float64Array {
  const power = new Float64Array(problem.rigs.length);
  for (const rig of problem.rigs) power[rig.index] = rig.options[sol.option[rig.index] ?? 0]?.powerW ?? 0;
  for (const job of problem.jobs) {
    const outcome = placedJobOutcome(problem, sol, job.index);
    const r = sol.jobRig[job.index] ?? -1;
    if (outcome && r >= 0) power[r] = (power[r] ?? 0) + outcome.powerW;
  }
  return power;
}

export function sitePowerW(problem: Problem, rigPower: Float64Array): Float64Array {
  const power = new Float64Array(problem.sites.length);
  for (const rig of problem.rigs) power[rig.siteIndex] = (power[rig.siteIndex] ?? 0) + (rigPower[rig.index] ?? 0);
  return power;
}

/** The objective both solvers maximise (USD/h): option scores plus what placed jobs add. */
export function solutionScore(problem: Problem, sol: Solution): number {
  let total = 0;
  for (const rig of problem.rigs) total += rig.options[sol.option[rig.index] ?? 0]?.scoreUsdPerHour ?? 0;
  for (const job of problem.jobs) total += placedJobOutcome(problem, sol, job.index)?.scoreUsdPerHour ?? 0;
  return total;
}

/**
 * GPU indices per placed job: forced and home jobs keep theirs, the others take the lowest free
 * indices of their classes in placement order.
 */
export function assignGpuIndices(problem: Problem, sol: Solution): Map<number, number[]> {
  const out = new Map<number, number[]>();
  const used = new Map<number, Set<number>>();
  const hold = (r: number, indices: number[]) => {
    const set = used.get(r) ?? new Set<number>();
    for (const g of indices) set.add(g);
    used.set(r, set);
  };
  const others: number[] = [];
  for (const job of problem.jobs) {
    const r = sol.jobRig[job.index] ?? -1;
    if (r < 0) continue;
    if (job.forcedRig >= 0) {
      const indices = [...(job.input.placement?.gpuIndices ?? [])];
      out.set(job.index, indices);
      hold(r, indices);
    } else if (sol.jobAtHome[job.index] === 1 && job.home) {
      out.set(job.index, [...job.home.gpuIndices]);
      hold(r, job.home.gpuIndices);
    } else others.push(job.index);
  }
  others.sort((a, b) => (problem.jobs[a]?.orderKey ?? 0) - (problem.jobs[b]?.orderKey ?? 0));
  for (const j of others) {
    const r = sol.jobRig[j] ?? -1;
    const rig = problem.rigs[r];
    const counts = sol.jobClassCounts[j];
    if (!rig || !counts) continue;
    const taken = used.get(r) ?? new Set<number>();
    const indices: number[] = [];
    counts.forEach((n, c) => {
      const free = (rig.classes[c]?.indices ?? []).filter((g) => !taken.has(g));
      indices.push(...free.slice(0, n));
    });
    indices.sort((a, b) => a - b);
    out.set(j, indices);
    hold(r, indices);
  }
  return out;
}
