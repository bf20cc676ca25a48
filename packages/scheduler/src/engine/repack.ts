import { bestCandidate, EPS_USD, EPS_W, placedGain } from "./candidates";
import { aiOptionIndex, aiRuntimeOf, freeGpus, type GreedyState, gpuClassOf, jobsOnRig } from "./greedy-state";
import { CLASS_SLOTS, type JobPools } from "./job-pools";
import { jobFitsClass, jobPowerWPerGpu, jobRevenueUsdPerHour } from "./jobs";
import type { JobModel } from "./model";
import { assign, type Journal, place, rollback, switchOption, unassign } from "./placement-ops";

const MEMBERS_SCANNED = 128; // rig classes looked at per pool and job: keeps a pass linear
const MOVES_TRIED = 16; // most promising evictions fully evaluated per job
const PASSES = 3;

interface Eviction {
  r: number;
  cls: number;
  evicted: number[]; // job indices
  rank: number; // gain if no evicted job found another place: the most promising first
}

/**
 * Local improvement for jobs: an unplaced job may take GPUs from placed jobs (of lower value,
 * or of another runtime on a rig that offers both) when those jobs find room elsewhere or are
 * worth less than it. Each move is tried for real and rolled back unless the total gains.
 */
export function repackUnplacedJobs(state: GreedyState, pools: JobPools, order: readonly JobModel[]): void {
  for (let pass = 0; pass < PASSES; pass++) {
    let improved = false;
    for (const job of order) {
      if (job.forcedRig >= 0 || (state.sol.jobRig[job.index] ?? -1) >= 0) continue;
      if (tryEvictions(state, pools, job, pass)) improved = true;
    }
    if (!improved) return;
  }
}

function tryEvictions(state: GreedyState, pools: JobPools, job: JobModel, pass: number): boolean {
  const { problem } = state;
  const n = job.input.gpuCount;
  const revenue = jobRevenueUsdPerHour(problem, job, false);
  const moves: Eviction[] = [];
  for (const pool of pools.byRuntime.get(job.input.runtime) ?? []) {
    if (pool.maxCount < n || !jobFitsClass(job.input, pool)) continue;
    const site = problem.sites[pool.siteIndex];
    if (!site) continue;
    const powerW = n * jobPowerWPerGpu(problem.input, job.input, pool.model, problem.defaultGpuPowerW);
    const gain = revenue - powerW * (site.usdPerWh + (state.lambda[pool.siteIndex] ?? 0));
    if (gain <= EPS_USD) continue;
    const start = (job.index * 7 + pass * 13) % Math.max(1, pool.members.length);
    const count = Math.min(MEMBERS_SCANNED, pool.members.length);
    for (let k = 0; k < count; k++) {
      const entry = pool.members[(start + k) % pool.members.length] as number;
      const move = evictionAt(state, job, Math.floor(entry / CLASS_SLOTS), entry % CLASS_SLOTS, gain);
      if (move) moves.push(move);
    }
  }
  moves.sort((a, b) => b.rank - a.rank || a.r - b.r);
  for (const move of moves.slice(0, MOVES_TRIED)) if (tryMove(state, pools, job, move)) return true;
  return false;
}

/** Jobs that must leave class `cls` of rig r for the job to fit there, or null if it cannot. */
function evictionAt(state: GreedyState, job: JobModel, r: number, cls: number, gain: number): Eviction | null {
  const runtime = aiRuntimeOf(state, r);
  const rig = state.problem.rigs[r];
  const size = rig?.classes[cls]?.indices.length ?? 0;
  if (runtime === null || !rig || size < job.input.gpuCount) return null; // not in AI mode: placement already had its chance
  const onRig = jobsOnRig(state, r);
  const evicted: number[] = [];
  let loss = 0;
  if (runtime !== job.input.runtime) {
    if (rig.forcedJobs.length > 0) return null;
    for (const k of onRig) {
      evicted.push(k);
      loss += placedGain(state, state.problem.jobs[k] as JobModel);
    }
  } else {
    const free = freeGpus(state, r, cls);
    if (free >= job.input.gpuCount) return null;
    // The rig's jobs in this class, cheapest per GPU first (a stable sort: ties keep rig order).
    const inClass: { k: number; gpus: number; gain: number; perGpu: number }[] = [];
    for (const k of onRig) {
      const gpus = gpusInClass(state, k, r, cls);
      if (gpus <= 0) continue;
      const gain = placedGain(state, state.problem.jobs[k] as JobModel);
      inClass.push({ k, gpus, gain, perGpu: gain / gpus });
    }
    if (inClass.length > 1) inClass.sort(byPerGpu);
    let freed = free;
    for (const e of inClass) {
      if (freed >= job.input.gpuCount) break;
      evicted.push(e.k);
      loss += e.gain;
      freed += e.gpus;
    }
    if (freed < job.input.gpuCount) return null;
  }
  return { r, cls, evicted, rank: gain - loss };
}

const byPerGpu = (a: { perGpu: number }, b: { perGpu: number }) => a.perGpu - b.perGpu;

function gpusInClass(state: GreedyState, k: number, r: number, cls: number): number {
  const counts = state.sol.jobClassCounts[k];
  if (counts) return counts[cls] ?? 0;
  const home = state.problem.jobs[k]?.home;
  if (!home || home.rigIndex !== r) return 0;
  let n = 0;
  for (const g of home.gpuIndices) if (gpuClassOf(state, r, g) === cls) n += 1;
  return n;
}

function tryMove(state: GreedyState, pools: JobPools, job: JobModel, move: Eviction): boolean {
  const journal: Journal = [];
  const rig = state.problem.rigs[move.r];
  if (!rig) return false;
  const lambda = state.lambda[rig.siteIndex] ?? 0;
  const scoreOf = (r: number) => {
    const o = state.problem.rigs[r]?.options[state.sol.option[r] ?? 0];
    return o ? o.scoreUsdPerHour - lambda * o.powerW : 0;
  };
  let total = -scoreOf(move.r);
  const evicted = move.evicted.map((k) => state.problem.jobs[k] as JobModel);
  for (const e of evicted) {
    total -= placedGain(state, e);
    unassign(state, pools, e, journal);
  }
  const ai = aiOptionIndex(state, move.r, job.input.runtime);
  if (ai < 0) return rollbackFalse(journal);
  switchOption(state, pools, move.r, ai, journal);
  total += scoreOf(move.r);
  const counts = new Array<number>(rig.classes.length).fill(0);
  counts[move.cls] = job.input.gpuCount;
  if (freeGpus(state, move.r, move.cls) < job.input.gpuCount) return rollbackFalse(journal);
  assign(state, pools, job, move.r, counts, journal);
  if ((state.siteFreeW[rig.siteIndex] ?? 0) < -EPS_W) return rollbackFalse(journal);
  total += placedGain(state, job);
  evicted.sort((a, b) => a.orderKey - b.orderKey);
  for (const e of evicted) {
    const c = bestCandidate(state, pools, e, null);
    if (!c) continue;
    total += c.gain;
    place(state, pools, e, c, journal);
  }
  if (total > EPS_USD) return true;
  return rollbackFalse(journal);
}

function rollbackFalse(journal: Journal): false {
  rollback(journal);
  return false;
}
