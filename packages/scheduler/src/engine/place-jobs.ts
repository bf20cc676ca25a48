import { bestCandidate, homeCandidate } from "./candidates";
import type { GreedyState } from "./greedy-state";
import type { JobPools } from "./job-pools";
import type { JobModel } from "./model";
import { place, releaseHome } from "./placement-ops";

/**
 * Places jobs one by one in placement order (see compareJobs). Each job goes where it adds the
 * most: score minus the site's shadow price of its watts, minus the cost of switching a rig to
 * AI when it is not there yet; among near-equals its current GPUs first, then a rig already in
 * AI mode, then the fullest rig (best fit) with the smallest GPUs. A job is placed only if that
 * gain is positive and its site has room. A job not kept on its current GPUs releases them.
 */
export function placeJobs(state: GreedyState, pools: JobPools, order: readonly JobModel[]): void {
  for (const job of order) {
    if (job.forcedRig >= 0 || (state.sol.jobRig[job.index] ?? -1) >= 0) continue;
    const best = bestCandidate(state, pools, job, homeCandidate(state, job));
    if (best) place(state, pools, job, best);
    if (job.home && state.sol.jobAtHome[job.index] !== 1) releaseHome(state, pools, job);
  }
}
