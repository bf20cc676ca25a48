import { aiOptionIndex, aiRuntimeOf, freeGpus, type GreedyState, gpuClassOf, jobsOnRig, optionPowerW } from "./greedy-state";
import { jobScoreUsdPerHour } from "./jobs";
import type { JobModel } from "./model";

const FIELDS = 4; // per job in a class list: job index, GPUs in the class, gain (USD/h), watts
const SITE_EVICTIONS = 8; // most jobs evicted elsewhere on a site to free its power for one job
const EPS_W = 1e-6;

/**
 * What must leave a rig class for an unplaced job to fit there. What a rig's jobs are worth and
 * in which order they would go is kept per rig class until the rig changes (`rigVersion`): in a
 * long queue every unplaced job looks at the same few hundred rig classes, and valuing every job
 * on them again for each look was most of the repack's time.
 */
export class EvictionIndex {
  /** Of the last successful `find`: the jobs to evict (the first evictedCount; reused), their value at the shadow price and watts. */
  readonly evicted: number[] = [];
  evictedCount = 0;
  loss = 0;
  powerW = 0;
  private readonly classSeen: Uint32Array; // per rig class: rig version + 1 when `classJobs` was filled
  private readonly classJobs: (Float64Array | undefined)[]; // per rig class: FIELDS per job, cheapest per GPU first
  private readonly rigSeen: Uint32Array; // per rig: rig version + 1 when its totals were summed
  private readonly rigLoss: Float64Array; // every job on the rig: value (USD/h at the shadow price)
  private readonly rigPowerW: Float64Array;
  // Per site: its placed jobs that draw power, least value per watt first. A move tried and
  // rolled back leaves every job where it was, so the lists change only with a kept move (moved).
  private readonly siteOrder: number[][];
  private readonly listedSite: Int32Array; // per job: the site whose list holds it, -1 for none
  private readonly listedKey: Float64Array; // per listed job: value per watt, its gain and watts
  private readonly listedGain: Float64Array;
  private readonly listedPowerW: Float64Array;
  // Per job: where it was when last valued (rig + 1, its class counts array, at home) and the value.
  private readonly valuedRig: Int32Array;
  private readonly valuedCounts: (readonly number[] | null | undefined)[];
  private readonly valuedAtHome: Uint8Array;
  private readonly valuedGain: Float64Array;
  private readonly valuedPowerW: Float64Array;

  constructor(private readonly state: GreedyState) {
    const slots = state.classOffset[state.problem.rigs.length] ?? 0;
    this.classSeen = new Uint32Array(slots);
    this.classJobs = new Array(slots);
    this.rigSeen = new Uint32Array(state.problem.rigs.length);
    this.rigLoss = new Float64Array(state.problem.rigs.length);
    this.rigPowerW = new Float64Array(state.problem.rigs.length);
    const jobs = state.problem.jobs.length;
    this.valuedRig = new Int32Array(jobs);
    this.valuedCounts = new Array(jobs);
    this.valuedAtHome = new Uint8Array(jobs);
    this.valuedGain = new Float64Array(jobs);
    this.valuedPowerW = new Float64Array(jobs);
    this.siteOrder = state.problem.sites.map(() => []);
    this.listedSite = new Int32Array(jobs).fill(-1);
    this.listedKey = new Float64Array(jobs);
    this.listedGain = new Float64Array(jobs);
    this.listedPowerW = new Float64Array(jobs);
    for (const [r, onRig] of state.rigJobs) for (let i = 0; i < onRig.length; i++) this.list(onRig[i] as number, r);
  }

  /**
   * Jobs that must leave for `gpus` GPUs of class `cls` of rig r to run a job of `runtime` drawing
   * `jobPowerW`: all of the rig's jobs when it runs another runtime, else the class's jobs
   * cheapest per GPU first; then, while the site would be over budget, the site's jobs worth
   * least per watt. False when the job cannot fit there this way, or fits with no eviction.
   */
  find(r: number, cls: number, runtime: string, gpus: number, jobPowerW: number): boolean {
    const { state } = this;
    const rig = state.problem.rigs[r];
    const size = rig?.classes[cls]?.indices.length ?? 0;
    if (!rig || size < gpus) return false;
    const rigRuntime = aiRuntimeOf(state, r);
    let switchW = 0;
    if (rigRuntime !== runtime) {
      const ai = aiOptionIndex(state, r, runtime);
      if (ai < 0) return false;
      switchW = optionPowerW(state, r, ai) - optionPowerW(state, r, state.sol.option[r] ?? 0);
    }
    if (rigRuntime === null) {
      // Not in AI mode: placement already had its chance, unless the site had no room.
      if (freeGpus(state, r, cls) < gpus) return false;
      this.evictedCount = 0;
      this.loss = 0;
      this.powerW = 0;
    } else if (rigRuntime !== runtime) {
      if (rig.forcedJobs.length > 0) return false;
      const onRig = jobsOnRig(state, r);
      for (let i = 0; i < onRig.length; i++) this.evicted[i] = onRig[i] as number;
      this.evictedCount = onRig.length;
      this.sumRig(r, onRig);
      this.loss = this.rigLoss[r] ?? 0;
      this.powerW = this.rigPowerW[r] ?? 0;
    } else if (!this.evictFromClass(r, cls, gpus)) return false;
    const site = state.problem.table.rigSite[r] ?? 0;
    const overW = jobPowerW + switchW - this.powerW - (state.siteFreeW[site] ?? 0);
    if (overW <= EPS_W) return this.evictedCount > 0;
    return this.evictFromSite(site, overW);
  }

  /** The class's jobs cheapest per GPU first until `gpus` are free; false when they never are. */
  private evictFromClass(r: number, cls: number, gpus: number): boolean {
    const free = freeGpus(this.state, r, cls);
    const list = this.classList(r, cls);
    let freed = free;
    let loss = 0;
    let powerW = 0;
    let count = 0;
    for (let i = 0; i < list.length && freed < gpus; i += FIELDS) {
      this.evicted[count++] = list[i] as number;
      freed += list[i + 1] as number;
      loss += list[i + 2] as number;
      powerW += list[i + 3] as number;
    }
    this.evictedCount = count;
    this.loss = loss;
    this.powerW = powerW;
    return freed >= gpus;
  }

  /** Adds the site's jobs worth least per watt until `overW` more watts are free. */
  private evictFromSite(site: number, overW: number): boolean {
    const list = this.siteOrder[site] ?? [];
    let freedW = 0;
    let added = 0;
    for (let i = 0; i < list.length && freedW < overW - EPS_W; i++) {
      const k = list[i] as number;
      let already = false;
      for (let e = 0; e < this.evictedCount; e++) if (this.evicted[e] === k) already = true;
      if (already) continue;
      if (added === SITE_EVICTIONS) return false;
      this.evicted[this.evictedCount++] = k;
      this.loss += this.listedGain[k] as number;
      this.powerW += this.listedPowerW[k] as number;
      freedW += this.listedPowerW[k] as number;
      added += 1;
    }
    return freedW >= overW - EPS_W;
  }

  /** Call for each job a kept move placed, evicted or moved: it leaves its site's list, and joins the one where it is now. */
  moved(k: number): void {
    const before = this.listedSite[k] ?? -1;
    const list = this.siteOrder[before];
    if (list) list.splice(list.indexOf(k), 1);
    this.listedSite[k] = -1;
    const r = this.state.sol.jobRig[k] ?? -1;
    if (r >= 0 && (this.state.problem.jobs[k]?.forcedRig ?? -1) < 0) this.list(k, r);
  }

  /** Puts job k, placed on rig r, in its site's list (least value per watt first, then job index). */
  private list(k: number, r: number): void {
    const gain = this.gain(k, r);
    const powerW = this.lastPowerW;
    if (powerW <= EPS_W) return;
    const site = this.state.problem.table.rigSite[r] ?? 0;
    const list = this.siteOrder[site] as number[];
    const key = gain / powerW;
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const m = list[mid] as number;
      const mKey = this.listedKey[m] as number;
      if (mKey < key || (mKey === key && m < k)) lo = mid + 1;
      else hi = mid;
    }
    list.splice(lo, 0, k);
    this.listedSite[k] = site;
    this.listedKey[k] = key;
    this.listedGain[k] = gain;
    this.listedPowerW[k] = powerW;
  }

  private sumRig(r: number, onRig: readonly number[]): void {
    const version = (this.state.rigVersion[r] ?? 0) + 1;
    if (this.rigSeen[r] === version) return;
    let loss = 0;
    let powerW = 0;
    for (let i = 0; i < onRig.length; i++) {
      const k = onRig[i] as number;
      loss += this.gain(k, r);
      powerW += this.lastPowerW;
    }
    this.rigLoss[r] = loss;
    this.rigPowerW[r] = powerW;
    this.rigSeen[r] = version;
  }

  /** The class's jobs, cheapest per GPU first (ties keep the rig's order), FIELDS numbers each. */
  private classList(r: number, cls: number): Float64Array {
    const { state } = this;
    const slot = (state.classOffset[r] ?? 0) + cls;
    const version = (state.rigVersion[r] ?? 0) + 1;
    const cached = this.classJobs[slot];
    if (cached && this.classSeen[slot] === version) return cached;
    const onRig = jobsOnRig(state, r);
    let count = 0;
    for (let i = 0; i < onRig.length; i++) if (gpusInClass(state, onRig[i] as number, r, cls) > 0) count += 1;
    const list = new Float64Array(count * FIELDS);
    let n = 0;
    for (let i = 0; i < onRig.length; i++) {
      const k = onRig[i] as number;
      const gpus = gpusInClass(state, k, r, cls);
      if (gpus <= 0) continue;
      const gain = this.gain(k, r);
      // Insertion sort by gain per GPU, after equals: the order of a stable sort.
      let at = n;
      while (at > 0 && (list[(at - 1) * FIELDS + 2] as number) / (list[(at - 1) * FIELDS + 1] as number) > gain / gpus) at -= 1;
      list.copyWithin((at + 1) * FIELDS, at * FIELDS, n * FIELDS);
      list[at * FIELDS] = k;
      list[at * FIELDS + 1] = gpus;
      list[at * FIELDS + 2] = gain;
      list[at * FIELDS + 3] = this.lastPowerW;
      n += 1;
    }
    this.classJobs[slot] = list;
    this.classSeen[slot] = version;
    return list;
  }

  private lastPowerW = 0;

  /**
   * A placed job's value at the site's shadow price (as placedGain); its watts in lastPowerW.
   * Kept per job while it stays where it is (same rig, same class counts array).
   */
  private gain(k: number, r: number): number {
    const { state } = this;
    const counts = state.sol.jobClassCounts[k] ?? null;
    const atHome = state.sol.jobAtHome[k] === 1;
    if (this.valuedRig[k] === r + 1 && this.valuedCounts[k] === counts && (this.valuedAtHome[k] === 1) === atHome) {
      this.lastPowerW = this.valuedPowerW[k] ?? 0;
      return this.valuedGain[k] ?? 0;
    }
    const job = state.problem.jobs[k] as JobModel;
    const out = jobScoreUsdPerHour(state.problem, job, r, atHome, counts);
    const gain = out.scoreUsdPerHour - (state.lambda[state.problem.table.rigSite[r] ?? 0] ?? 0) * out.powerW;
    this.valuedRig[k] = r + 1;
    this.valuedCounts[k] = counts;
    this.valuedAtHome[k] = atHome ? 1 : 0;
    this.valuedGain[k] = gain;
    this.valuedPowerW[k] = out.powerW;
    this.lastPowerW = out.powerW;
    return gain;
  }
}

function gpusInClass(state: GreedyState, k: number, r: number, cls: number): number {
  const counts = state.sol.jobClassCounts[k];
  if (counts) return counts[cls] ?? 0;
  const home = state.problem.jobs[k]?.home;
  if (!home || home.rigIndex !== r) return 0;
  let n = 0;
  for (const g of home.gpuIndices) if (gpuClassOf(state, r, g) === cls) n += 1;
  return n;
}
