import { EPS_USD, EPS_W } from "./candidates";
import { freeGpus, type GreedyState, gpuClassOf, jobsOnRig } from "./greedy-state";
import type { JobPools } from "./job-pools";
import { jobFitsClass, jobPowerWPerGpu, jobRevenueUsdPerHour, jobScoreUsdPerHour } from "./jobs";
import type { GpuClass, JobModel, Problem, RigModel, SiteModel } from "./model";
import { assign, type Journal, releaseHome, rollback, switchOption, unassign } from "./placement-ops";

const SCANNED = 256; // queue entries looked at per rig and runtime: keeps a round linear
const FRONT = 8; // (value, watts) pairs kept per GPU count in the knapsack
// The re-fill runs on farms of up to this many re-fillable rigs (a farm of a few hundred), where
// every pair is tried too. On larger farms it did not pay: at 1k rigs x 3k jobs the single-rig
// re-fill gained 0.03% for 20% more CPU, at 10k x 30k 0.003% for 16% more (pairs of neighbours
// another 0.004% for twice that); the greedy has many alike rigs to choose from there.
export const REFILL_MAX_RIGS = 128;
// Up to this many (a farm of about 50 rigs), every three as well: cubic, a few hundred ms at 24.
// Three rigs make the chains two cannot (seed 7 at 40 x 300 in repack.test.ts: 0.987 -> 0.994).
const TRIPLE_ALL = 24;
export const REFILL_ROUNDS = 2;

/** A job the rig could run: on its home GPUs (`home`) or on `gpus` GPUs of its class. */
interface Item {
  job: number;
  home: boolean;
  gpus: number;
  valueUsdPerHour: number; // what it adds to the objective
  powerW: number;
}

interface Entry {
  value: number;
  powerW: number;
  picks: number[]; // item positions
}

/**
 * Local improvement on a long queue: each GPU rig's contents are chosen again from scratch, as a
 * knapsack over its GPUs and its site's watts, among the jobs it runs, its unplaced home jobs and
 * the best unplaced jobs of each runtime it offers (or none of them, for a mining option). The
 * greedy fills a rig job by job and fixes its runtime with the first; this re-packs it whole, so a
 * rig full of small cheap jobs can take two dear ones, or switch runtime for a better set. Then
 * pairs of rigs are emptied and re-filled one after the other, so jobs move between rigs: one
 * takes the other's big job, the other the first's small ones and more from the queue (all
 * pairs, quadratic; on farms of up to TRIPLE_ALL such rigs, every three as well). A change is
 * kept only when the objective gains, so it never makes a plan worse. Only rigs with one GPU class
 * and no forced jobs are re-filled, on farms of up to REFILL_MAX_RIGS of them. Returns whether
 * anything changed.
 */
export function refillRigs(state: GreedyState, pools: JobPools, queues: JobQueues): boolean {
  const { problem } = state;
  let unplaced = false;
  for (const job of problem.jobs) if (job.forcedRig < 0 && (state.sol.jobRig[job.index] ?? -1) < 0) unplaced = true;
  if (!unplaced) return false;
  queues.restart(state);
  const { rigs } = queues;
  const refill: Refill = (rig, journal) => refillRig(state, pools, queues, rig, queues.homesOf.get(rig.index) ?? NO_JOBS, journal);

  let changed = false;
  for (let round = 0; round < REFILL_ROUNDS; round++) {
    let moved = false;
    for (const rig of rigs) if (refill(rig, null)) moved = true;
    if (refillPairs(state, pools, queues, rigs, refill)) moved = true;
    if (rigs.length <= TRIPLE_ALL && refillTriples(state, pools, queues, rigs, refill)) moved = true;
    if (!moved) break;
    changed = true;
  }
  return changed;
}

const NO_JOBS: readonly number[] = [];

/** Every pair of rigs with a job between them, each rig re-filled first in turn. */
function refillPairs(state: GreedyState, pools: JobPools, queues: JobQueues, rigs: readonly RigModel[], refill: Refill): boolean {
  let moved = false;
  for (let i = 0; i < rigs.length; i++) {
    const a = rigs[i] as RigModel;
    for (let k = i + 1; k < rigs.length; k++) {
      const b = rigs[k] as RigModel;
      if (state.rigJobCount[a.index] === 0 && state.rigJobCount[b.index] === 0) continue;
      if (refillGroup(state, pools, queues, [a, b], refill) || refillGroup(state, pools, queues, [b, a], refill)) moved = true;
    }
  }
  return moved;
}

/** Every three rigs of which two hold jobs, in the three rotations of the re-fill order. */
function refillTriples(state: GreedyState, pools: JobPools, queues: JobQueues, rigs: readonly RigModel[], refill: Refill): boolean {
  let moved = false;
  const busy = (rig: RigModel) => ((state.rigJobCount[rig.index] ?? 0) > 0 ? 1 : 0);
  for (let i = 0; i < rigs.length; i++) {
    const a = rigs[i] as RigModel;
    for (let k = i + 1; k < rigs.length; k++) {
      const b = rigs[k] as RigModel;
      for (let m = k + 1; m < rigs.length; m++) {
        const c = rigs[m] as RigModel;
        if (busy(a) + busy(b) + busy(c) < 2) continue;
        if (refillGroup(state, pools, queues, [a, b, c], refill) || refillGroup(state, pools, queues, [b, c, a], refill) || refillGroup(state, pools, queues, [c, a, b], refill)) {
          moved = true;
        }
      }
    }
  }
  return moved;
}

/**
 * Empties the rigs of `group` and re-fills them in its order, each from the queue and what the
 * ones before it left; kept when together they gain, else rolled back.
 */
function refillGroup(state: GreedyState, pools: JobPools, queues: JobQueues, group: readonly RigModel[], refill: Refill): boolean {
  let before = 0;
  for (const rig of group) before += rigValue(state, rig.index);
  const journal: Journal = [];
  const released: number[] = [];
  for (const rig of group) for (const j of jobsOnRig(state, rig.index)) released.push(j);
  for (const j of released) unassign(state, pools, state.problem.jobs[j] as JobModel, journal);
  for (const j of released) queues.unplaced(j);
  for (const rig of group) refill(rig, journal);
  let after = 0;
  let fits = true;
  for (const rig of group) {
    after += rigValue(state, rig.index);
    if ((state.siteFreeW[rig.siteIndex] ?? 0) < -EPS_W) fits = false;
  }
  if (fits && after > before + EPS_USD) return true;
  rollback(journal);
  return false;
}

type Refill = (rig: RigModel, journal: Journal | null) => boolean;

/** What rig r adds to the objective: its option's score and its placed jobs'. */
function rigValue(state: GreedyState, r: number): number {
  const { table } = state.problem;
  let value = table.score[(table.start[r] ?? 0) + (state.sol.option[r] ?? 0)] as number;
  const placed = jobsOnRig(state, r);
  for (let i = 0; i < placed.length; i++) value += placedGainAtZero(state, placed[i] as number);
  return value;
}

function placedGainAtZero(state: GreedyState, j: number): number {
  const job = state.problem.jobs[j] as JobModel;
  const r = state.sol.jobRig[j] ?? -1;
  return jobScoreUsdPerHour(state.problem, job, r, state.sol.jobAtHome[j] === 1, state.sol.jobClassCounts[j] ?? null).scoreUsdPerHour;
}

/**
 * Re-fills one rig: the best option and set of jobs for it, applied when it beats what the rig
 * holds (with a journal: always, since the caller emptied the rig and judges the result).
 */
function refillRig(state: GreedyState, pools: JobPools, queues: JobQueues, rig: RigModel, homes: readonly number[], journal: Journal | null): boolean {
  const { problem } = state;
  const { table } = problem;
  const r = rig.index;
  const cls = rig.classes[0] as GpuClass;
  const first = table.start[r] ?? 0;
  const end = table.start[r + 1] ?? 0;
  const current = state.sol.option[r] ?? 0;

  // What the rig holds now: its option and jobs, their value and watts, and the GPUs they use.
  const placed = jobsOnRig(state, r);
  let nowValue = table.score[first + current] as number;
  let nowPowerW = table.powerW[first + current] as number;
  let gpus = freeGpus(state, r, 0);
  const kept: Item[] = [];
  for (let i = 0; i < placed.length; i++) {
    const item = placedItem(state, placed[i] as number);
    if (!item) return false;
    nowValue += item.valueUsdPerHour;
    nowPowerW += item.powerW;
    gpus += item.gpus;
    kept.push(item);
  }
  // Its unplaced home jobs: GPUs still held for them count as the rig's.
  const homeless: number[] = [];
  const reserved: number[] = [];
  for (const j of homes) {
    if ((state.sol.jobRig[j] ?? -1) >= 0) continue;
    homeless.push(j);
    if (state.homeReserved[j] !== 1) continue;
    gpus += homeGpus(state, problem.jobs[j] as JobModel);
    reserved.push(j);
  }
  const roomW = (state.siteFreeW[rig.siteIndex] ?? 0) + nowPowerW;

  let bestValue = journal ? Number.NEGATIVE_INFINITY : nowValue + EPS_USD;
  let bestOption = -1;
  let bestItems: Item[] = [];
  for (let k = first; k < end; k++) {
    const optionW = table.powerW[k] as number;
    const optionValue = table.score[k] as number;
    if (table.isAi[k] !== 1 || table.workload[k] === null) {
      if (optionValue > bestValue && (optionW <= roomW + EPS_W || optionW <= nowPowerW)) {
        bestValue = optionValue;
        bestOption = k - first;
        bestItems = [];
      }
      continue;
    }
    const runtime = table.workload[k] as string;
    const items: Item[] = [];
    if (k - first === current) for (const item of kept) items.push(item);
    for (const j of homeless) {
      const job = problem.jobs[j] as JobModel;
      if (job.input.runtime === runtime) items.push(homeItem(state, job));
    }
    queues.best(rig, cls, runtime, gpus, items);
    const packed = knapsack(items, gpus, roomW - optionW);
    const value = optionValue + (packed?.value ?? 0);
    if ((packed || optionW <= roomW + EPS_W || optionW <= nowPowerW) && value > bestValue) {
      bestValue = value;
      bestOption = k - first;
      bestItems = packed ? packed.picks.map((p) => items[p] as Item) : [];
    }
  }
  if (bestOption < 0) return false;

  const log = journal ?? undefined;
  for (const item of kept) unassign(state, pools, problem.jobs[item.job] as JobModel, log);
  for (const j of reserved) if (!bestItems.some((item) => item.job === j)) releaseHome(state, pools, problem.jobs[j] as JobModel, log);
  switchOption(state, pools, r, bestOption, log);
  for (const item of bestItems) assign(state, pools, problem.jobs[item.job] as JobModel, r, item.home ? null : [item.gpus], log);
  for (const item of kept) queues.unplaced(item.job);
  for (const j of reserved) queues.unplaced(j);
  return true;
}

function placedItem(state: GreedyState, j: number): Item | null {
  const job = state.problem.jobs[j] as JobModel;
  const r = state.sol.jobRig[j] ?? -1;
  const home = state.sol.jobAtHome[j] === 1;
  const counts = state.sol.jobClassCounts[j] ?? null;
  if (!home && counts?.length !== 1) return null;
  const out = jobScoreUsdPerHour(state.problem, job, r, home, counts);
  const gpus = home ? homeGpus(state, job) : (counts?.[0] ?? 0);
  return { job: j, home, gpus, valueUsdPerHour: out.scoreUsdPerHour, powerW: out.powerW };
}

function homeItem(state: GreedyState, job: JobModel): Item {
  const r = job.home?.rigIndex ?? -1;
  const out = jobScoreUsdPerHour(state.problem, job, r, true, null);
  return { job: job.index, home: true, gpus: homeGpus(state, job), valueUsdPerHour: out.scoreUsdPerHour, powerW: out.powerW };
}

function homeGpus(state: GreedyState, job: JobModel): number {
  if (!job.home) return 0;
  let n = 0;
  for (const g of job.home.gpuIndices) if (gpuClassOf(state, job.home.rigIndex, g) === 0) n += 1;
  return n;
}

/**
 * Most valuable set of items within `gpus` GPUs and `roomW` watts (each item once), or null when
 * nothing of positive value fits. Per GPU count, a Pareto front of (value, watts), cut to FRONT.
 */
function knapsack(items: readonly Item[], gpus: number, roomW: number): Entry | null {
  if (roomW < -EPS_W) return null;
  const fronts: Entry[][] = [];
  for (let g = 0; g <= gpus; g++) fronts.push([]);
  (fronts[0] as Entry[]).push({ value: 0, powerW: 0, picks: [] });
  for (let i = 0; i < items.length; i++) {
    const item = items[i] as Item;
    if (item.valueUsdPerHour <= EPS_USD || item.gpus > gpus) continue;
    for (let g = gpus; g >= item.gpus; g--) {
      const from = fronts[g - item.gpus] as Entry[];
      for (let e = 0; e < from.length; e++) {
        const base = from[e] as Entry;
        const powerW = base.powerW + item.powerW;
        if (powerW > roomW + EPS_W) continue;
        addToFront(fronts[g] as Entry[], { value: base.value + item.valueUsdPerHour, powerW, picks: [...base.picks, i] });
      }
    }
  }
  let best: Entry | null = null;
  for (const front of fronts) for (const e of front) if (e.value > EPS_USD && (!best || e.value > best.value)) best = e;
  return best;
}

/** Adds an entry unless dominated, drops what it dominates, keeps the FRONT most valuable. */
function addToFront(front: Entry[], entry: Entry): void {
  for (const e of front) if (e.value >= entry.value && e.powerW <= entry.powerW) return;
  for (let i = front.length - 1; i >= 0; i--) {
    const e = front[i] as Entry;
    if (entry.value >= e.value && entry.powerW <= e.powerW) front.splice(i, 1);
  }
  let at = front.length;
  while (at > 0 && (front[at - 1] as Entry).value < entry.value) at -= 1;
  front.splice(at, 0, entry);
  if (front.length > FRONT) front.pop();
}

interface Queue {
  jobs: Int32Array; // job indices, best value first
  values: Float64Array; // USD/h it would add on GPUs of the class at the site
  powersW: Float64Array;
  gpus: Int32Array; // GPU count
  homeRig: Int32Array; // rig index of its home, -1 when none
  gpuCounts: number[]; // distinct GPU counts of its jobs
  head: number; // every job before it is placed or held at home
}

const POSITIONS = 2 ** 24; // queue positions per queue number in JobQueues.places

/**
 * The queue per (runtime, site, GPU model, VRAM), best value first, built once per problem as a
 * rig first asks for it: a rig reads the first few jobs still unplaced that fit its GPUs. Each
 * queue keeps a head before which every job is placed or held at home.
 */
export class JobQueues {
  readonly homesOf = new Map<number, number[]>(); // rig index -> jobs whose home it is
  private readonly lists = new Map<string, Queue>();
  private readonly all: Queue[] = [];
  private readonly places: (number[] | undefined)[]; // per job: queue number * POSITIONS + position, in each queue it is in
  private readonly scratch: Float64Array; // per job: its value in the queue being built
  private state: GreedyState | null = null;

  /** The queues of a problem whose rigs may be re-filled, or null when there are too many (REFILL_MAX_RIGS). */
  static of(problem: Problem): JobQueues | null {
    const rigs: RigModel[] = [];
    for (const rig of problem.rigs) {
      if (!rig.acceptsNewJobs || rig.classes.length !== 1 || rig.forcedJobs.length > 0) continue;
      if (rigs.length === REFILL_MAX_RIGS) return null;
      rigs.push(rig);
    }
    return new JobQueues(problem, rigs);
  }

  private constructor(
    private readonly problem: Problem,
    readonly rigs: readonly RigModel[], // the rigs that may be re-filled
  ) {
    this.places = new Array(problem.jobs.length);
    this.scratch = new Float64Array(problem.jobs.length);
    for (const job of problem.jobs) {
      if (!job.home || job.forcedRig >= 0) continue;
      const list = this.homesOf.get(job.home.rigIndex);
      if (list) list.push(job.index);
      else this.homesOf.set(job.home.rigIndex, [job.index]);
    }
  }

  /** Reads placements from `state` from now on, every queue from its start. */
  restart(state: GreedyState): void {
    this.state = state;
    for (const queue of this.all) queue.head = 0;
  }

  /** Appends to `out` the best unplaced jobs of `runtime` that fit the class, at most `gpus` GPUs' worth per GPU count. */
  best(rig: RigModel, cls: GpuClass, runtime: string, gpus: number, out: Item[]): void {
    const state = this.state as GreedyState;
    const queue = this.queue(rig.siteIndex, cls, runtime);
    const { jobRig } = state.sol;
    const { homeReserved } = state;
    while (queue.head < queue.jobs.length) {
      const j = queue.jobs[queue.head] as number;
      if ((jobRig[j] ?? -1) < 0 && homeReserved[j] !== 1) break;
      queue.head += 1;
    }
    const taken = new Int32Array(gpus + 1); // per GPU count: GPUs' worth taken
    let open = 0; // GPU counts of the queue not yet taken in full
    for (const n of queue.gpuCounts) if (n <= gpus) open += 1;
    for (let k = queue.head, seen = 0; k < queue.jobs.length && seen < SCANNED && open > 0; k++) {
      const j = queue.jobs[k] as number;
      if ((jobRig[j] ?? -1) >= 0 || homeReserved[j] === 1) continue;
      if (queue.homeRig[k] === rig.index) continue; // offered as a home item
      seen += 1;
      const n = queue.gpus[k] as number;
      if (n > gpus || (taken[n] ?? 0) + n > gpus) continue;
      taken[n] = (taken[n] ?? 0) + n;
      if ((taken[n] ?? 0) + n > gpus) open -= 1;
      out.push({ job: j, home: false, gpus: n, valueUsdPerHour: queue.values[k] as number, powerW: queue.powersW[k] as number });
    }
  }

  /** Call when job j may have become free to place again (taken off a rig, home released). */
  unplaced(j: number): void {
    const places = this.places[j];
    if (!places) return;
    for (const p of places) {
      const queue = this.all[Math.floor(p / POSITIONS)] as Queue;
      queue.head = Math.min(queue.head, p % POSITIONS);
    }
  }

  private queue(siteIndex: number, cls: GpuClass, runtime: string): Queue {
    const key = `${runtime}|${siteIndex}|${cls.model}|${cls.vramMb}`;
    const known = this.lists.get(key);
    if (known) return known;
    const { problem } = this;
    const site = problem.sites[siteIndex] as SiteModel;
    const values = this.scratch;
    const list: number[] = [];
    for (const job of problem.jobs) {
      if (job.forcedRig >= 0 || job.input.runtime !== runtime || !jobFitsClass(job.input, cls)) continue;
      const powerW = job.input.gpuCount * jobPowerWPerGpu(problem.input, job.input, cls.model, problem.defaultGpuPowerW);
      const value = jobRevenueUsdPerHour(problem, job, false) - powerW * site.usdPerWh;
      if (value <= EPS_USD) continue;
      values[job.index] = value;
      list.push(job.index);
    }
    list.sort((a, b) => (values[b] as number) - (values[a] as number) || a - b);
    const gpus = Int32Array.from(list, (j) => (problem.jobs[j] as JobModel).input.gpuCount);
    const queue: Queue = {
      jobs: Int32Array.from(list),
      values: Float64Array.from(list, (j) => values[j] as number),
      powersW: Float64Array.from(list, (j) => {
        const job = problem.jobs[j] as JobModel;
        return job.input.gpuCount * jobPowerWPerGpu(problem.input, job.input, cls.model, problem.defaultGpuPowerW);
      }),
      gpus,
      homeRig: Int32Array.from(list, (j) => (problem.jobs[j] as JobModel).home?.rigIndex ?? -1),
      gpuCounts: [...new Set(gpus)],
      head: 0,
    };
    const q = this.all.length;
    this.all.push(queue);
    for (let k = 0; k < list.length; k++) {
      const j = list[k] as number;
      const places = this.places[j];
      if (places) places.push(q * POSITIONS + k);
      else this.places[j] = [q * POSITIONS + k];
    }
    this.lists.set(key, queue);
    return queue;
  }
}
