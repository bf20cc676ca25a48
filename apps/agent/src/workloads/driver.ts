import type { TDesiredState } from "@rigshift/protocol";
import type { TWorkloadConfig } from "../config";

export interface TStartRequest {
  workload: TWorkloadConfig;
  /** Already checked against the workload's declared bounds. */
  params: Record<string, number>;
  jobs: TDesiredState["jobs"];
  /** Device indices the thermal guard has taken out of work (sorted); the workload must not use them. */
  excludedDevices?: number[];
  /** Every device index of the rig, to name the GPUs a workload may use when some are excluded. */
  deviceIndices?: number[];
}

/**
 * Starts and stops the workloads a rig's config declares. Implementations never run anything
 * that is not a declared workload: they only receive TWorkloadConfig entries from the config.
 */
export interface WorkloadDriver {
  start(request: TStartRequest): Promise<void>;
  stop(workload: TWorkloadConfig): Promise<void>;
  isRunning(workload: TWorkloadConfig): Promise<boolean>;
  /** True when start() can leave single devices out (`excludedDevices`); the thermal guard relies on it. */
  readonly excludesDevices?: boolean;
  /** Called once when the agent starts, before anything else runs: stops what a previous run left behind. */
  recover?(): Promise<void>;
}

/** The GPUs a workload may use: its jobs' GPUs (AI) or every GPU of the rig, less the excluded ones. */
export function usableDevices(request: Pick<TStartRequest, "jobs" | "excludedDevices" | "deviceIndices">): number[] {
  const excluded = new Set(request.excludedDevices ?? []);
  const wanted = request.jobs.length ? request.jobs.flatMap((j) => j.gpuIndices) : (request.deviceIndices ?? []);
  return [...new Set(wanted)].filter((i) => !excluded.has(i)).sort((a, b) => a - b);
}

/**
 * Environment passed to a workload: its parameters and, for AI jobs or when the thermal guard
 * has taken GPUs out, the GPUs it may use. CUDA numbers GPUs fastest-first unless told
 * otherwise; PCI_BUS_ID order is nvidia-smi's order, which is what our device indices are.
 */
export function workloadEnv(request: TStartRequest): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.params)) env[`RIGSHIFT_PARAM_${name.toUpperCase()}`] = String(value);
  if (request.jobs.length) {
    const excluded = new Set(request.excludedDevices ?? []);
    env.RIGSHIFT_JOB_IDS = request.jobs.map((j) => j.jobId).join(",");
    // Each job's own GPUs, less the excluded ones (a launcher running several jobs needs the split).
    env.RIGSHIFT_JOBS = JSON.stringify(request.jobs.map((j) => ({ jobId: j.jobId, gpuIndices: j.gpuIndices.filter((i) => !excluded.has(i)) })));
  }
  if (request.jobs.length || request.excludedDevices?.length) {
    env.CUDA_DEVICE_ORDER = "PCI_BUS_ID";
    env.CUDA_VISIBLE_DEVICES = usableDevices(request).join(",");
  }
  if (request.excludedDevices?.length) env.RIGSHIFT_EXCLUDED_GPUS = request.excludedDevices.join(",");
  return env;
}

/** Variables workloadEnv may set besides parameters: a unit's manager environment must forget them when absent. */
export const MANAGED_ENV = ["RIGSHIFT_JOB_IDS", "RIGSHIFT_JOBS", "CUDA_DEVICE_ORDER", "CUDA_VISIBLE_DEVICES", "RIGSHIFT_EXCLUDED_GPUS"];
