import type { GpuClass, JobModel, Problem } from "./model";
import type { EngineInput, JobInput, RigInput } from "./types";

/** Model of the rig's GPU with this index, "" when there is none. */
export function gpuModelAt(rig: RigInput, gpuIndex: number): string {
  for (const g of rig.gpus) if (g.index === gpuIndex) return g.model;
  return "";
}

/** AI power of one GPU running this job (W): the job's own figure, the catalogue's, or the default. */
export function jobPowerWPerGpu(input: Pick<EngineInput, "gpuBoardPowerW">, job: JobInput, gpuModel: string, defaultW: number): number {
  return job.aiPowerWPerGpu ?? input.gpuBoardPowerW?.[gpuModel] ?? defaultW;
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
  let powerW = 0;
  for (const gpuIndex of gpuIndices) powerW += jobPowerWPerGpu(problem.input, job, gpuModelAt(rig, gpuIndex), problem.defaultGpuPowerW);
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
