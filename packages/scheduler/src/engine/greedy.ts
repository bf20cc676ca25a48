import { conversionAt, EPS_USD } from "./candidates";
import { EvictionIndex } from "./evictions";
import { aiOptionIndex, type GreedyState, initGreedyState } from "./greedy-state";
import { improveMining } from "./improve";
import { JobPools } from "./job-pools";
import { placementOrder } from "./jobs";
import { climbSteps, mckpFill } from "./mckp";
import type { Problem, Solution } from "./model";
import { placeJobs } from "./place-jobs";
import { buildProblem } from "./problem";
import { JobQueues, refillRigs } from "./refill";
import { type RepackStats, repackUnplacedJobs } from "./repack";
import { repairOverBudget } from "./repair";
import { keepShape } from "./shapes";
import { priceSlots, releaseCheapHomes, type SlotPrices, slotPrices } from "./slot-prices";
import { solutionScore } from "./solution";

/**
 * The engine's solver, linear-ish in rigs and jobs:
 * 1. every rig on its lowest-power option (forced load included);
 * 2. a dry run of the mining knapsack gives each site a shadow price of power (USD/Wh);
 * 3. jobs, in placement order, go where they add most net of that price and of switching;
 * 4. rigs without jobs climb their options by score per watt while their site has room;
 * 5. local improvement (slack fill, pairwise exchange), then repair of any overrun.
 * On a long queue (jobs that would pay left unplaced) it runs once more with GPUs priced at what
 * the unplaced jobs would pay for them (slot-prices.ts) and keeps the more profitable plan, so
 * the second run never makes a plan worse. On such a queue, on farms of up to REFILL_MAX_RIGS GPU
 * rigs, the plan kept is then re-filled from the queue (refill.ts), which only keeps changes that
 * gain. `stats` counts the first
 * run's repack.
 */
export function solveGreedy(problem: Problem, stats?: RepackStats): Solution {
  const first = runGreedy(problem, null, stats);
  const prices = slotPrices(first.state, first.pools);
  if (!prices) return first.state.sol;
  const second = runGreedy(problem, prices);
  // Ties keep the first plan: the same input gives the same plan either way.
  const better = solutionScore(problem, second.state.sol) > solutionScore(problem, first.state.sol) + EPS_USD;
  const kept = better ? second : first;
  // Only the kept plan is re-filled: re-filling both cost twice the time and ended no better on
  // any long-queue seed of repack.test.ts or the determinism farms.
  const queues = JobQueues.of(problem);
  if (queues) refill(kept, queues);
  return kept.state.sol;
}

/** Rigs re-filled from the queue (refill.ts), then rigs left without jobs mine what their sites allow. */
function refill({ state, pools }: { state: GreedyState; pools: JobPools }, queues: JobQueues): void {
  if (!refillRigs(state, pools, queues)) return;
  const miners = withoutJobs(state);
  mckpFill(state, climbSteps(state.problem.table, miners, state.sol.option), true);
  improveMining(state, miners);
  repairOverBudget(state, pools);
}

/** Rigs with no job, ascending; counted first so the list is allocated at its size (see withRoom). */
function withoutJobs(state: GreedyState): number[] {
  const count = state.rigJobCount;
  let n = 0;
  for (let r = 0; r < count.length; r++) if (count[r] === 0) n += 1;
  const out: number[] = new Array(n);
  let k = 0;
  for (let r = 0; r < count.length; r++) if (count[r] === 0) out[k++] = r;
  return out;
}

function runGreedy(problem: Problem, prices: SlotPrices | null, stats?: RepackStats): { state: GreedyState; pools: JobPools } {
  const state = initGreedyState(problem);

  const dryRun = climbSteps(problem.table, withoutJobs(state), state.sol.option);
  state.lambda = mckpFill(state, dryRun, false);
  const pools = new JobPools(state, (r, runtime) => {
    const ai = aiOptionIndex(state, r, runtime);
    const lambda = state.lambda[problem.table.rigSite[r] ?? 0] ?? 0;
    return ai < 0 ? 0 : conversionAt(state, r, ai, lambda);
  });
  if (prices) {
    priceSlots(pools, prices);
    releaseCheapHomes(state, pools, prices);
  }
  const order = placementOrder(problem.jobs);
  placeJobs(state, pools, order);
  repackUnplacedJobs(state, pools, order, stats);

  // Most rigs still start where the dry run's climbs started: those climbs are reused.
  const miners = withoutJobs(state);
  mckpFill(state, climbSteps(problem.table, miners, state.sol.option, dryRun), true);
  improveMining(state, miners);
  repairOverBudget(state, pools);
  return { state, pools };
}

// Exemplars of the solver's per-epoch objects (see shapes.ts), built on an empty farm: without
// them the placement's pools, heaps and eviction index began every epoch deoptimised.
const emptyState = initGreedyState(
  buildProblem({
    nowMs: 0,
    epochSeconds: 60,
    sites: [],
    rigs: [],
    jobs: [],
    profiles: [],
    coins: {},
    switching: { mineStartSeconds: 0, asicStartSeconds: 0, aiStartSeconds: 0 },
  }),
);
keepShape(emptyState);
keepShape(new JobPools(emptyState, () => 0));
keepShape(new EvictionIndex(emptyState));
