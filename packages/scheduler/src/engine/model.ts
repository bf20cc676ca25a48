import type { EngineInput, JobInput, Mode, ReasonCode, RigInput, SiteInput } from "./types";

/**
 * The engine's internal model of one epoch, built once from EngineInput and shared by the greedy
 * solver, the MIP reference and the explainer, so that all of them optimise the same objective.
 */

export interface SiteModel {
  index: number;
  input: SiteInput;
  usdPerWh: number; // energy cost of 1 W of IT load for one hour (PUE and price included)
  /** IT watts the site may draw: the tighter of power cap / PUE and cooling. */
  limitW: number;
  limitKind: "CAP" | "COOLING";
  /** limitW, raised to the load nobody may shed when that alone exceeds it. */
  budgetW: number;
  curtailed: boolean; // electricity above the curtail strike: mining is not chosen
  /** Sentences shared by every rig of the site, built once. */
  limitText: string; // "site TX-1 at its 4200 kW cap"
  curtailText: string; // "electricity $250/MWh above curtail strike $200/MWh"
  priceText: string; // "$35/MWh"
}

/** An option or job the rig may not take, kept to explain the decision. */
export interface Exclusion {
  mode: Mode;
  workload: string | null;
  jobId: number | null;
  usdPerHour: number | null; // profit it would have made, when known
  code: ReasonCode;
  text: string;
}

/** Eligible GPUs of one model and VRAM size on a rig (healthy, cool, not held by forced jobs). */
export interface GpuClass {
  model: string;
  vramMb: number;
  indices: number[];
}

export interface RigLock {
  code: ReasonCode;
  text: string;
}

export interface RigModel {
  index: number;
  input: RigInput;
  siteIndex: number;
  /** Its options (never none) are rows table.start[index] .. table.start[index + 1] - 1 of Problem.table. */
  currentOption: number; // index among its options, -1 when the current state is not an option
  acceptsNewJobs: boolean; // AI options exist and nothing forbids adding jobs
  classes: GpuClass[];
  forcedJobs: { jobIndex: number; gpuIndices: number[] }[];
  lock: RigLock | null; // the decision is not (only) economic: offline, maintenance, pinned...
  exclusions: Exclusion[];
  notes: string[]; // facts an operator should see, e.g. "GPU 2 unhealthy"
  hysteresisMarginUsdPerHour: number;
}

export interface JobModel {
  index: number;
  input: JobInput;
  grossUsdPerHour: number; // gpuCount x price
  forcedRig: number; // rig index the job cannot leave, or -1
  /** Where the job is placed now and may stay (its GPUs still usable); null otherwise. */
  home: { rigIndex: number; gpuIndices: number[]; powerW: number } | null; // powerW: the job's on those GPUs
  orderKey: number; // position in the placement order (0 first)
}

/**
 * The rigs' options as rows of flat columns (no object per option: see OptionRows). Rig r's
 * options are rows start[r] .. start[r + 1] - 1. An AI option is the rig in AI mode before new
 * jobs. Figures in USD/h.
 */
export interface OptionTable {
  start: Int32Array;
  rigSite: Int32Array; // per rig
  mode: Mode[];
  workload: (string | null)[];
  isCurrent: Uint8Array; // 1 where the option is the rig's current state
  isAi: Uint8Array; // 1 where mode is AI
  powerW: Float64Array; // IT power, for AI: idle plus jobs that cannot leave (forced)
  revenue: Float64Array; // start-up loss of a switch already taken off
  energy: Float64Array;
  profit: Float64Array;
  /** What the solvers maximise: profit, less the hysteresis margin when this option is a switch. */
  score: Float64Array;
}

/**
 * Facts of each rig's model that every solver pass reads, as columns filled while the model is
 * built: read from the rig objects, each pass over 100k rigs was a cache miss or more per rig.
 */
export interface RigColumns {
  forcedJobCount: Int32Array; // RigModel.forcedJobs.length
  acceptsNewJobs: Uint8Array; // 1 where RigModel.acceptsNewJobs
  classStart: Int32Array; // rig r's GPU classes are rows classStart[r] .. classStart[r + 1] - 1
  classGpuCount: Int32Array; // per class row: GpuClass.indices.length
}

/**
 * Facts of each rig's input the plan needs, copied while the model is built: read again per rig
 * at explanation time, the input's objects were cache misses.
 */
export interface CurrentState {
  rigId: number[]; // RigInput.id (a list, so small integer ids stay unboxed in the plan)
  jobCount: Int32Array; // RigInput.current.jobIds.length
}

export interface Problem {
  input: EngineInput;
  sites: SiteModel[];
  rigs: RigModel[];
  jobs: JobModel[];
  table: OptionTable; // filled as the rigs are modelled; final once their options are
  rigColumns: RigColumns;
  current: CurrentState;
  aiStartFraction: number; // share of an epoch a newly started job earns nothing
  defaultGpuPowerW: number;
}

/**
 * A solution: one option per rig and the jobs' places. A placed job uses either its home GPUs
 * or `classCounts[c]` GPUs of each class c of its rig.
 */
export interface Solution {
  option: Int32Array; // chosen option index per rig
  jobRig: Int32Array; // rig index per job, -1 when unplaced
  jobAtHome: Uint8Array; // 1 when the job stays on its home GPUs
  jobClassCounts: (number[] | null)[]; // per job, GPUs taken from each class of its rig
}
