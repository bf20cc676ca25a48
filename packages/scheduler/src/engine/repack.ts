import { bestCandidate, EPS_USD, EPS_W, placedGain } from "./candidates";
import { EvictionIndex } from "./evictions";
import { aiOptionIndex, freeGpus, type GreedyState, optionPowerW, optionScore } from "./greedy-state";
import { CLASS_SLOTS, type JobPools, type Pool } from "./job-pools";
import { jobFitsClass, jobPowerWPerGpu, jobRevenueUsdPerHour } from "./jobs";
import type { JobModel } from "./model";
import { assign, type Journal, place, rollback, switchOption, unassign } from "./placement-ops";

const MEMBERS_SCANNED = 128; // rig classes looked at per pool and job: keeps a pass linear
const MOVES_TRIED = 16; // most promising evictions fully evaluated per job
export const REPACK_PASSES = 3;
// Unplaced jobs of one group tried in a row without a move before the rest of the group waits
// for the next pass. The order is best value first, so the rest are worth no more; in a queue of
// several jobs per rig most jobs cannot get in, and trying each of them took seconds.
export const FRUITLESS_PER_GROUP = 8;
// A move whose site would end this far over budget fails tryMove's check whatever the rounding.
const CLEARLY_OVER_W = 1e-3;

/** How much work the repack did (for tests and the benchmark): bounded by groups, not the queue. */
export interface RepackStats {
  jobsTried: number; // unplaced jobs whose evictions were looked for, all passes
  movesKept: number;
  jobGroups: number;
}

interface Eviction {
  r: number;
  cls: number;
  evicted: number[]; // job indices
  rank: number; // gain if no evicted job found another place: the most promising first
  dPowerW: number; // the site's change in load if it is made: the job's watts less the evicted jobs'
}

/**
 * Local improvement for jobs: an unplaced job may take GPUs from placed jobs (of lower value,
 * or of another runtime on a rig that offers both), and where its site has no power left, the
 * watts of the site's jobs worth least per watt, when those jobs find room elsewhere or are
 * worth less than it. Each move is tried for real and rolled back unless the total gains.
 * Work is bounded by job groups (see groupKey), not by the length of the queue.
 */
export function repackUnplacedJobs(state: GreedyState, pools: JobPools, order: readonly JobModel[], stats?: RepackStats): void {
  const index = new EvictionIndex(state);
  const groups = new Map<string, number>(); // group key -> group number
  const groupOf = new Int32Array(state.problem.jobs.length).fill(-1);
  for (let pass = 0; pass < REPACK_PASSES; pass++) {
    let improved = false;
    const fruitless: number[] = []; // per group: jobs tried since the group's last move
    for (const job of order) {
      if (job.forcedRig >= 0 || (state.sol.jobRig[job.index] ?? -1) >= 0) continue;
      let g = groupOf[job.index] ?? -1;
      if (g < 0) {
        const key = groupKey(pools, job);
        g = groups.get(key) ?? groups.size;
        groups.set(key, g);
        groupOf[job.index] = g;
      }
      const misses = fruitless[g] ?? 0;
      if (misses >= FRUITLESS_PER_GROUP) continue;
      if (stats) stats.jobsTried += 1;
      if (tryEvictions(state, pools, index, job, pass)) {
        improved = true;
        fruitless[g] = 0;
        if (stats) stats.movesKept += 1;
      } else fruitless[g] = misses + 1;
    }
    if (stats) stats.jobGroups = groups.size;
    if (!improved) return;
  }
}

/**
 * Jobs that compete for the same GPUs in the same way: runtime, GPU count, watts per GPU and the
 * pools they fit. Within a group, a job worth less than those that found no move seldom finds one.
 */
function groupKey(pools: JobPools, job: JobModel): string {
  let key = `${job.input.runtime}|${job.input.gpuCount}|${job.input.aiPowerWPerGpu ?? ""}|`;
  const list = pools.byRuntime.get(job.input.runtime) ?? [];
  for (let i = 0; i < list.length; i++) {
    const pool = list[i] as Pool;
    key += pool.maxCount >= job.input.gpuCount && jobFitsClass(job.input, pool) ? "1" : "0";
  }
  return key;
}

function tryEvictions(state: GreedyState, pools: JobPools, index: EvictionIndex, job: JobModel, pass: number): boolean {
  const { problem } = state;
  const n = job.input.gpuCount;
  const revenue = jobRevenueUsdPerHour(problem, job, false);
  const moves: Eviction[] = []; // the MOVES_TRIED best, in the order of a stable sort by rank, then rig
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
      const r = Math.floor(entry / CLASS_SLOTS);
      if (!index.find(r, entry % CLASS_SLOTS, job.input.runtime, n, powerW)) continue;
      const rank = gain - index.loss;
      const at = rankPosition(moves, rank, r);
      if (at >= MOVES_TRIED) continue;
      const evicted = index.evicted.slice(0, index.evictedCount);
      moves.splice(at, 0, { r, cls: entry % CLASS_SLOTS, evicted, rank, dPowerW: powerW - index.powerW });
      if (moves.length > MOVES_TRIED) moves.pop();
    }
  }
  for (const move of moves) {
    if (clearlyOverBudget(state, job, move) || !tryMove(state, pools, job, move)) continue;
    index.moved(job.index);
    for (const k of move.evicted) index.moved(k);
    return true;
  }
  return false;
}

/** Where a move goes in `moves`: after every move of higher rank, or of equal rank on a lower or equal rig. */
function rankPosition(moves: readonly Eviction[], rank: number, r: number): number {
  let at = moves.length;
  while (at > 0) {
    const before = moves[at - 1] as Eviction;
    if (before.rank > rank || (before.rank === rank && before.r <= r)) break;
    at -= 1;
  }
  return at;
}

/** Whether the move would take its site over budget: tryMove would find so and roll it back. */
function clearlyOverBudget(state: GreedyState, job: JobModel, move: Eviction): boolean {
  const site = state.problem.table.rigSite[move.r] ?? 0;
  const ai = aiOptionIndex(state, move.r, job.input.runtime);
  if (ai < 0) return true;
  const switchW = optionPowerW(state, move.r, ai) - optionPowerW(state, move.r, state.sol.option[move.r] ?? 0);
  return (state.siteFreeW[site] ?? 0) - move.dPowerW - switchW < -EPS_W - CLEARLY_OVER_W;
}

function tryMove(state: GreedyState, pools: JobPools, job: JobModel, move: Eviction): boolean {
  const journal: Journal = [];
  const rig = state.problem.rigs[move.r];
  if (!rig) return false;
  const lambda = state.lambda[rig.siteIndex] ?? 0;
  const scoreOf = (r: number) => optionScore(state, r, state.sol.option[r] ?? 0) - lambda * optionPowerW(state, r, state.sol.option[r] ?? 0);
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
