import { aiOptionIndex, aiRuntimeOf, type GreedyState, optionPowerW } from "./greedy-state";
import { CLASS_SLOTS, type JobPools } from "./job-pools";
import { jobFitsClass, jobPowerWPerGpu, jobRevenueUsdPerHour, jobScoreUsdPerHour } from "./jobs";
import type { JobModel } from "./model";

export const EPS_USD = 1e-9;
export const EPS_W = 1e-6;
const TIE_SHARE = 0.002;

/** A place a job could go: its own GPUs, a rig already in AI mode, or a rig to switch. */
export interface Candidate {
  kind: "home" | "active" | "fresh";
  r: number;
  cls: number; // -1 for home
  gain: number; // USD/h at the site's shadow price, switching cost included
  rank: number; // gain less the price of the GPUs it takes (equal to gain while pools are not priced)
  free: number; // free GPUs in the class before placing (best fit: fewer is better)
  vramMb: number; // of the class: a job that fits smaller GPUs leaves the big ones to others
}

/** Staying on its current GPUs, if the rig can still run the job and its site has room. */
export function homeCandidate(state: GreedyState, job: JobModel): Candidate | null {
  if (!job.home || state.homeReserved[job.index] !== 1) return null;
  const r = job.home.rigIndex;
  const runtime = aiRuntimeOf(state, r);
  if (runtime !== null && runtime !== job.input.runtime) return null;
  const ai = aiOptionIndex(state, r, job.input.runtime);
  const rig = state.problem.rigs[r];
  if (ai < 0 || !rig) return null;
  const outcome = jobScoreUsdPerHour(state.problem, job, r, true, null);
  const lambda = state.lambda[rig.siteIndex] ?? 0;
  const switchW = runtime === null ? optionPowerW(state, r, ai) - optionPowerW(state, r, state.sol.option[r] ?? 0) : 0;
  const conversion = runtime === null ? conversionAt(state, r, ai, lambda) : 0;
  const dPowerW = outcome.powerW + switchW;
  if (dPowerW > EPS_W && dPowerW > (state.siteFreeW[rig.siteIndex] ?? 0) + EPS_W) return null;
  const gain = outcome.scoreUsdPerHour - lambda * outcome.powerW - conversion;
  return { kind: "home", r, cls: -1, gain, rank: gain, free: 0, vramMb: 0 };
}

/**
 * The best place for a job among `home` and the pools of its runtime, or null when no place
 * gains anything. Rigs in `skipRig` are not considered.
 */
export function bestCandidate(state: GreedyState, pools: JobPools, job: JobModel, home: Candidate | null, skipRig = -1): Candidate | null {
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
    const slotUsd = n * pool.slotPriceUsdPerGpuHour;
    if (gain <= EPS_USD || (best && gain - slotUsd < best.rank - tieTolerance(best.rank))) continue;
    const siteFree = state.siteFreeW[pool.siteIndex] ?? 0;
    // Candidate objects only for a new best: most places looked at lose.
    if (powerW <= siteFree + EPS_W) {
      for (let f = n; f <= pool.maxCount; f++) {
        const entry = pools.firstActive(pool, f);
        if (entry === undefined || Math.floor(entry / CLASS_SLOTS) === skipRig) continue;
        if (better("active", gain - slotUsd, f, pool.vramMb, best)) {
          best = { kind: "active", r: Math.floor(entry / CLASS_SLOTS), cls: entry % CLASS_SLOTS, gain, rank: gain - slotUsd, free: f, vramMb: pool.vramMb };
        }
        break;
      }
    }
    for (let f = n; f <= pool.maxCount; f++) {
      const entry = pools.firstFresh(pool, f);
      if (entry === undefined) continue;
      const r = Math.floor(entry / CLASS_SLOTS);
      const ai = aiOptionIndex(state, r, job.input.runtime);
      if (ai < 0 || r === skipRig) continue;
      const dPowerW = powerW + optionPowerW(state, r, ai) - optionPowerW(state, r, state.sol.option[r] ?? 0);
      if (dPowerW > EPS_W && dPowerW > siteFree + EPS_W) continue;
      const freshGain = gain - pools.freshConversion(pool, f);
      if (freshGain > EPS_USD && better("fresh", freshGain - slotUsd, f, pool.vramMb, best)) {
        best = { kind: "fresh", r, cls: entry % CLASS_SLOTS, gain: freshGain, rank: freshGain - slotUsd, free: f, vramMb: pool.vramMb };
      }
    }
  }
  return best;
}

const KIND_RANK = { home: 0, active: 1, fresh: 2 } as const;

/**
 * Whether a candidate of this kind, rank (its gain, less its GPUs' price when pools are priced),
 * free count and VRAM beats `best`. Ranks within TIE_SHARE count as equal; then the job stays
 * home, joins a rig already in AI mode, takes the rig with the fewest free GPUs that fit (best
 * fit), and the smallest GPUs that fit.
 */
function better(kind: Candidate["kind"], rank: number, free: number, vramMb: number, best: Candidate | null): boolean {
  if (!best) return true;
  const tolerance = tieTolerance(Math.max(rank, best.rank));
  if (rank > best.rank + tolerance) return true;
  if (rank < best.rank - tolerance) return false;
  return (KIND_RANK[kind] - KIND_RANK[best.kind] || free - best.free || vramMb - best.vramMb || best.rank - rank) < 0;
}

function tieTolerance(gain: number): number {
  return Math.max(EPS_USD, Math.abs(gain) * TIE_SHARE);
}

/** Profit the rig gives up by leaving its best standalone option for AI standby (USD/h, >= 0). */
export function conversionAt(state: GreedyState, r: number, aiOption: number, lambda: number): number {
  const { table } = state.problem;
  const first = table.start[r] ?? 0;
  const end = table.start[r + 1] ?? 0;
  let standalone = Number.NEGATIVE_INFINITY;
  for (let k = first; k < end; k++) standalone = Math.max(standalone, (table.score[k] ?? 0) - lambda * (table.powerW[k] ?? 0));
  const ai = first + aiOption;
  return Math.max(0, standalone - ((table.score[ai] ?? 0) - lambda * (table.powerW[ai] ?? 0)));
}

/** A placed job's value at the site's shadow price (USD/h), as candidates count it. */
export function placedGain(state: GreedyState, job: JobModel): number {
  const r = state.sol.jobRig[job.index] ?? -1;
  const rig = state.problem.rigs[r];
  if (!rig) return 0;
  const out = jobScoreUsdPerHour(state.problem, job, r, state.sol.jobAtHome[job.index] === 1, state.sol.jobClassCounts[job.index] ?? null);
  return out.scoreUsdPerHour - (state.lambda[rig.siteIndex] ?? 0) * out.powerW;
}
