import { aiRuntimeOf, type GreedyState, optionPowerW, setOption } from "./greedy-state";
import { CLASS_SLOTS, type JobPools } from "./job-pools";
import { jobFitsClass, jobPowerWPerGpu, jobRevenueUsdPerHour, jobScoreUsdPerHour } from "./jobs";
import type { JobModel } from "./model";

const EPS_USD = 1e-9;
const EPS_W = 1e-6;

interface Candidate {
  kind: "home" | "active" | "fresh";
  r: number;
  cls: number; // -1 for home
  gain: number; // USD/h at the site's shadow price, conversion included
  dPowerW: number;
  free: number; // free GPUs in the class before placing (best fit: fewer is better)
}

/**
 * Places jobs one by one in placement order (see compareJobs). Each job goes where it adds the
 * most: score minus the site's shadow price of its watts, minus the cost of switching a rig to
 * AI when it is not there yet; among equals its current GPUs first, then a rig already in AI
 * mode, then the fullest rig (best fit). A job is placed only if that gain is positive and its
 * site has room. A job not kept on its current GPUs releases them for the jobs after it.
 */
export function placeJobs(state: GreedyState, pools: JobPools, order: readonly JobModel[]): void {
  for (const job of order) {
    if (job.forcedRig >= 0 || (state.sol.jobRig[job.index] ?? -1) >= 0) continue;
    const best = bestCandidate(state, pools, job, homeCandidate(state, job));
    if (best) place(state, pools, job, best);
    if (job.home && state.sol.jobAtHome[job.index] !== 1) releaseHome(state, pools, job);
  }
}

export function tryPlaceJob(state: GreedyState, pools: JobPools, job: JobModel): boolean {
  const best = bestCandidate(state, pools, job, null);
  if (!best) return false;
  place(state, pools, job, best);
  return true;
}

function homeCandidate(state: GreedyState, job: JobModel): Candidate | null {
  if (!job.home) return null;
  const r = job.home.rigIndex;
  const runtime = aiRuntimeOf(state, r);
  if (runtime !== null && runtime !== job.input.runtime) return null;
  const ai = state.aiOption[r]?.get(job.input.runtime);
  const rig = state.problem.rigs[r];
  if (ai === undefined || !rig) return null;
  const outcome = jobScoreUsdPerHour(state.problem, job, r, true, null);
  const lambda = state.lambda[rig.siteIndex] ?? 0;
  const switchW = runtime === null ? optionPowerW(state, r, ai) - optionPowerW(state, r, state.sol.option[r] ?? 0) : 0;
  const conversion = runtime === null ? conversionAt(state, r, ai, lambda) : 0;
  const dPowerW = outcome.powerW + switchW;
  if (dPowerW > EPS_W && dPowerW > (state.siteFreeW[rig.siteIndex] ?? 0) + EPS_W) return null;
  const gain = outcome.scoreUsdPerHour - lambda * outcome.powerW - conversion;
  return { kind: "home", r, cls: -1, gain, dPowerW, free: 0 };
}

function bestCandidate(state: GreedyState, pools: JobPools, job: JobModel, home: Candidate | null): Candidate | null {
  const { problem } = state;
  const n = job.input.gpuCount;
  let best = home && home.gain > EPS_USD ? home : null;
  const revenue = jobRevenueUsdPerHour(problem, job, false);
  for (const pool of pools.byRuntime.get(job.input.runtime) ?? []) {
    if (pool.maxCount < n || !jobFitsClass(job.input, pool)) continue;
    const site = problem.sites[pool.siteIndex];
    if (!site) continue;
    const powerW = n * jobPowerWPerGpu(problem.input, job.input, pool.model, problem.defaultGpuPowerW);
    const lambda = state.lambda[pool.siteIndex] ?? 0;
    const gain = revenue - powerW * site.usdPerWh - lambda * powerW;
    if (gain <= EPS_USD || (best && gain < best.gain - EPS_USD)) continue;
    const siteFree = state.siteFreeW[pool.siteIndex] ?? 0;
    if (powerW <= siteFree + EPS_W) {
      for (let f = n; f <= pool.maxCount; f++) {
        const entry = pools.firstActive(pool, f);
        if (entry === undefined) continue;
        const c: Candidate = { kind: "active", r: Math.floor(entry / CLASS_SLOTS), cls: entry % CLASS_SLOTS, gain, dPowerW: powerW, free: f };
        if (better(c, best)) best = c;
        break;
      }
    }
    for (let f = n; f <= pool.maxCount; f++) {
      const fresh = pools.firstFresh(pool, f);
      if (!fresh) continue;
      const r = Math.floor(fresh.entry / CLASS_SLOTS);
      const ai = state.aiOption[r]?.get(job.input.runtime);
      if (ai === undefined) continue;
      const dPowerW = powerW + optionPowerW(state, r, ai) - optionPowerW(state, r, state.sol.option[r] ?? 0);
      if (dPowerW > EPS_W && dPowerW > siteFree + EPS_W) continue;
      const c: Candidate = { kind: "fresh", r, cls: fresh.entry % CLASS_SLOTS, gain: gain - fresh.conversionUsdPerHour, dPowerW, free: f };
      if (c.gain > EPS_USD && better(c, best)) best = c;
    }
  }
  return best;
}

const KIND_RANK = { home: 0, active: 1, fresh: 2 } as const;

function better(c: Candidate, best: Candidate | null): boolean {
  if (!best) return true;
  if (c.gain > best.gain + EPS_USD) return true;
  if (c.gain < best.gain - EPS_USD) return false;
  return KIND_RANK[c.kind] - KIND_RANK[best.kind] < 0 || (c.kind === best.kind && c.free < best.free);
}

/** Profit the rig gives up by leaving its best standalone option for AI standby (USD/h, >= 0). */
export function conversionAt(state: GreedyState, r: number, aiOption: number, lambda: number): number {
  const rig = state.problem.rigs[r];
  if (!rig) return 0;
  let standalone = Number.NEGATIVE_INFINITY;
  for (const o of rig.options) standalone = Math.max(standalone, o.scoreUsdPerHour - lambda * o.powerW);
  const ai = rig.options[aiOption];
  if (!ai) return 0;
  return Math.max(0, standalone - (ai.scoreUsdPerHour - lambda * ai.powerW));
}

function place(state: GreedyState, pools: JobPools, job: JobModel, c: Candidate): void {
  const { sol } = state;
  const rig = state.problem.rigs[c.r];
  if (!rig) return;
  if (aiRuntimeOf(state, c.r) === null) {
    const ai = state.aiOption[c.r]?.get(job.input.runtime);
    if (ai === undefined) return;
    setOption(state, c.r, ai);
    pools.converted(c.r);
  }
  sol.jobRig[job.index] = c.r;
  state.rigJobCount[c.r] = (state.rigJobCount[c.r] ?? 0) + 1;
  if (c.kind === "home") {
    sol.jobAtHome[job.index] = 1;
    sol.jobClassCounts[job.index] = null;
  } else {
    const counts = new Array<number>(rig.classes.length).fill(0);
    counts[c.cls] = job.input.gpuCount;
    sol.jobClassCounts[job.index] = counts;
    const free = state.classFree[c.r] as Int32Array;
    const before = free[c.cls] as number;
    free[c.cls] = before - job.input.gpuCount;
    pools.freeChanged(c.r, c.cls, before);
  }
  const outcome = jobScoreUsdPerHour(state.problem, job, c.r, c.kind === "home", sol.jobClassCounts[job.index] ?? null);
  state.siteFreeW[rig.siteIndex] = (state.siteFreeW[rig.siteIndex] ?? 0) - outcome.powerW;
}

/** The job's reserved GPUs go back to their classes for other jobs. */
export function releaseHome(state: GreedyState, pools: JobPools, job: JobModel): void {
  if (!job.home) return;
  const r = job.home.rigIndex;
  const free = state.classFree[r];
  const byGpu = state.gpuClass[r];
  if (!free || !byGpu) return;
  for (const g of job.home.gpuIndices) {
    const c = byGpu.get(g);
    if (c === undefined) continue;
    const before = free[c] as number;
    free[c] = before + 1;
    pools.freeChanged(r, c, before);
  }
}

/** Undo of a placement, for local improvement: frees GPUs and watts, leaves the rig in AI mode. */
export function unplace(state: GreedyState, pools: JobPools, job: JobModel): void {
  const r = state.sol.jobRig[job.index] ?? -1;
  const rig = state.problem.rigs[r];
  if (!rig || job.forcedRig >= 0) return;
  const outcome = jobScoreUsdPerHour(state.problem, job, r, state.sol.jobAtHome[job.index] === 1, state.sol.jobClassCounts[job.index] ?? null);
  state.siteFreeW[rig.siteIndex] = (state.siteFreeW[rig.siteIndex] ?? 0) + outcome.powerW;
  const counts = state.sol.jobClassCounts[job.index];
  if (counts) {
    counts.forEach((n, c) => {
      if (n === 0) return;
      const free = state.classFree[r] as Int32Array;
      const before = free[c] as number;
      free[c] = before + n;
      pools.freeChanged(r, c, before);
    });
  } else if (state.sol.jobAtHome[job.index] === 1) {
    state.sol.jobAtHome[job.index] = 0;
    releaseHome(state, pools, job);
  }
  state.sol.jobRig[job.index] = -1;
  state.sol.jobClassCounts[job.index] = null;
  state.rigJobCount[r] = (state.rigJobCount[r] ?? 0) - 1;
}
