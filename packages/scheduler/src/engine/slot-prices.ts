import type { GreedyState } from "./greedy-state";
import type { JobPools } from "./job-pools";
import { jobFitsClass, jobPowerWPerGpu, jobRevenueUsdPerHour, jobScoreUsdPerHour } from "./jobs";
import type { GpuClass } from "./model";
import { releaseHome } from "./placement-ops";

/**
 * Prices of GPUs for the greedy's second run on a long queue (USD per GPU-hour), per site, GPU
 * model and VRAM: the most an unplaced job of the first run would have added per GPU there, at
 * the site's shadow price of power. Priced, a job that could run on plain GPUs leaves the big or
 * scarce ones to jobs that can run nowhere else, and a running job worth less than its GPUs'
 * price no longer holds them.
 */
export type SlotPrices = Map<string, number>;

/** The prices after a run; null when no unplaced job would pay anywhere (the queue fits). */
export function slotPrices(state: GreedyState, pools: JobPools): SlotPrices | null {
  const { problem } = state;
  const prices: SlotPrices = new Map();
  for (const job of problem.jobs) {
    if (job.forcedRig >= 0 || (state.sol.jobRig[job.index] ?? -1) >= 0) continue;
    const n = job.input.gpuCount;
    const revenue = jobRevenueUsdPerHour(problem, job, false);
    for (const pool of pools.byRuntime.get(job.input.runtime) ?? []) {
      if (pool.maxCount < n || !jobFitsClass(job.input, pool)) continue;
      const site = problem.sites[pool.siteIndex];
      if (!site) continue;
      const powerW = n * jobPowerWPerGpu(problem.input, job.input, pool.model, problem.defaultGpuPowerW);
      const perGpu = (revenue - powerW * (site.usdPerWh + (state.lambda[pool.siteIndex] ?? 0))) / n;
      const key = slotKey(pool.siteIndex, pool);
      if (perGpu > (prices.get(key) ?? 0)) prices.set(key, perGpu);
    }
  }
  return prices.size > 0 ? prices : null;
}

/** Sets each pool's price; candidates then rank places by gain less the GPUs' price. */
export function priceSlots(pools: JobPools, prices: SlotPrices): void {
  for (const list of pools.byRuntime.values()) {
    for (const pool of list) pool.slotPriceUsdPerGpuHour = prices.get(slotKey(pool.siteIndex, pool)) ?? 0;
  }
}

/** Running jobs worth less per GPU (at the shadow price) than their rig's dearest GPUs give them up before placement. */
export function releaseCheapHomes(state: GreedyState, pools: JobPools, prices: SlotPrices): void {
  const { problem } = state;
  for (const job of problem.jobs) {
    if (!job.home || state.homeReserved[job.index] !== 1) continue;
    const rig = problem.rigs[job.home.rigIndex];
    if (!rig) continue;
    const out = jobScoreUsdPerHour(problem, job, rig.index, true, null);
    const perGpu = (out.scoreUsdPerHour - (state.lambda[rig.siteIndex] ?? 0) * out.powerW) / job.input.gpuCount;
    let price = 0;
    for (const c of rig.classes) price = Math.max(price, prices.get(slotKey(rig.siteIndex, c)) ?? 0);
    if (perGpu < price) releaseHome(state, pools, job);
  }
}

function slotKey(siteIndex: number, cls: Pick<GpuClass, "model" | "vramMb">): string {
  return `${siteIndex}|${cls.model}|${cls.vramMb}`;
}
