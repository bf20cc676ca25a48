import type { GpuClass, JobModel, Problem } from "./model";
import type { EngineInput, JobInput, RigInput } from "./types";

/** Model of the rig's GPU with this index, "" when there is none. */
export function gpuModelAt(rig: RigInput, gpuIndex: number): string {
  const { gpus } = rig;
  // GPUs are usually listed in index order from 0: then GPU i is at position i.
  const at = gpuIndex >= 0 && gpuIndex < gpus.length ? gpus[gpuIndex] : undefined;
  if (at !== undefined && at.index === gpuIndex) return at.model;
  for (let k = 0; k < gpus.length; k++) {
    const g = gpus[k] as RigInput["gpus"][number];
    if (g.index === gpuIndex) return g.model;
  }
  return "";
}

/** AI power of one GPU running this job (W): the job's own figure, the catalogue's, or the default. */
export function jobPowerWPerGpu(input: Pick<EngineInput, "gpuBoardPowerW">, job: JobInput, gpuModel: string, defaultW: number): number {
  if (job.aiPowerWPerGpu !== undefined) return job.aiPowerWPerGpu;
  return catalogueGpuPowerW(input, gpuModel) ?? defaultW;
}

/** The catalogue's board power of a GPU model (W), undefined when it has none. */
export function catalogueGpuPowerW(input: Pick<EngineInput, "gpuBoardPowerW">, gpuModel: string): number | undefined {
  const catalogue = input.gpuBoardPowerW;
  return catalogue === undefined ? undefined : boardPowerW(catalogue).get(gpuModel);
}

// The catalogue as a Map, made once per input: indexing the plain object with a model name read
// from Postgres (a string V8 has not seen, one per GPU) looks it up in V8's string table each
// time, which at 100k rigs cost tens of ms per epoch; a Map hashes the name once.
const boardPowerMaps = new WeakMap<Record<string, number>, Map<string, number>>();

function boardPowerW(catalogue: Record<string, number>): Map<string, number> {
  let map = boardPowerMaps.get(catalogue);
  if (map === undefined) {
    map = new Map(Object.entries(catalogue));
    boardPowerMaps.set(catalogue, map);
  }
  return map;
}

/** Revenue of a job this epoch (USD/h): a job that starts now earns nothing during its start-up. */
export function jobRevenueUsdPerHour(problem: Problem, job: JobModel, keepsRunning: boolean): number {
  if (keepsRunning && job.input.running) return job.grossUsdPerHour;
  return job.grossUsdPerHour * (1 - problem.aiStartFraction);
}

/** Whether a job may use GPUs of this class: allowed model and enough VRAM per GPU. */
export function jobFitsClass(job: JobInput, cls: Pick<GpuClass, "model" | "vramMb">): boolean {
  if (cls.vramMb < job.minVramMbPerGpu) return false;
  return job.gpuModels.length === 0 || job.gpuModels.includes(cls.model);
}

/** Profit the job adds on rig `rigIndex` using `counts[c]` GPUs of each class (USD/h). */
export function jobScoreUsdPerHour(
  problem: Problem,
  job: JobModel,
  rigIndex: number,
  atHome: boolean,
  counts: readonly number[] | null,
): { scoreUsdPerHour: number; revenueUsdPerHour: number; powerW: number } {
  const rig = problem.rigs[rigIndex];
  if (!rig) throw new Error(`no rig ${rigIndex}`);
  const site = problem.sites[rig.siteIndex];
  if (!site) throw new Error(`no site ${rig.siteIndex}`);
  let powerW = 0;
  if (atHome && job.home) {
    // Known for the home rig (the model computed it once); the same sum for any other.
    powerW = rigIndex === job.home.rigIndex ? job.home.powerW : gpusPowerW(problem, job.input, rig.input, job.home.gpuIndices);
  } else if (counts) {
    for (let c = 0; c < counts.length; c++) {
      const n = counts[c] ?? 0;
      if (n > 0) powerW += n * jobPowerWPerGpu(problem.input, job.input, rig.classes[c]?.model ?? "", problem.defaultGpuPowerW);
    }
  }
  const revenueUsdPerHour = jobRevenueUsdPerHour(problem, job, atHome);
  return { scoreUsdPerHour: revenueUsdPerHour - powerW * site.usdPerWh, revenueUsdPerHour, powerW };
}

/** AI power of a job on these GPUs of a rig (W), GPU by GPU. */
export function gpusPowerW(problem: Pick<Problem, "input" | "defaultGpuPowerW">, job: JobInput, rig: RigInput, gpuIndices: readonly number[]): number {
  if (job.aiPowerWPerGpu !== undefined) return gpuIndices.length * job.aiPowerWPerGpu;
  let powerW = 0;
  // Alike GPUs in a row are looked up once.
  let model: string | null = null;
  let perGpuW = 0;
  for (let k = 0; k < gpuIndices.length; k++) {
    const m = gpuModelAt(rig, gpuIndices[k] as number);
    if (m !== model) {
      model = m;
      perGpuW = catalogueGpuPowerW(problem.input, m) ?? problem.defaultGpuPowerW;
    }
    powerW += perGpuW;
  }
  return powerW;
}

/** Jobs in placement order (orderKey is each job's position in it). */
export function placementOrder(jobs: readonly JobModel[]): JobModel[] {
  const order = new Array<JobModel>(jobs.length);
  for (let j = 0; j < jobs.length; j++) {
    const job = jobs[j] as JobModel;
    order[job.orderKey] = job;
  }
  return order;
}

/**
 * Placement order, documented because operators ask "why did job 17 wait?":
 * 1. net value per GPU-hour (revenue less the energy of a typical GPU for it), in bands 10% wide,
 *    best band first: GPUs of the right kind are what jobs compete for, while each job's watts
 *    are charged at its site's shadow price when it is placed;
 * 2. within a band, higher priority first, then the earlier deadline (none = last);
 * 3. then more GPUs first (packs better), then higher value, then lower id.
 * So priority decides between jobs worth about the same; it never places a job that loses money
 * nor one worth less than the mining it would displace.
 */
export function compareJobs(a: JobOrderFacts, b: JobOrderFacts): number {
  return b.band - a.band || b.priority - a.priority || a.deadlineMs - b.deadlineMs || b.gpuCount - a.gpuCount || b.usdPerGpuHour - a.usdPerGpuHour || a.id - b.id;
}

export interface JobOrderFacts {
  id: number;
  band: number;
  priority: number;
  deadlineMs: number; // Infinity when none
  gpuCount: number;
  usdPerGpuHour: number; // net of typical energy
}

const BAND_RATIO = Math.log(1.1);

export function jobOrderFacts(job: JobInput, usdPerGpuHour: number): JobOrderFacts {
  return {
    id: job.id,
    band: usdPerGpuHour > 0 ? Math.floor(Math.log(usdPerGpuHour) / BAND_RATIO) : -1e9,
    priority: job.priority,
    deadlineMs: job.deadlineMs ?? Number.POSITIVE_INFINITY,
    gpuCount: job.gpuCount,
    usdPerGpuHour,
  };
}
