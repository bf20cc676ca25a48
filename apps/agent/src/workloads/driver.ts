import type { TDesiredState } from "@rigshift/protocol";
import type { TWorkloadConfig } from "../config";

export interface TStartRequest {
  workload: TWorkloadConfig;
  /** Already checked against the workload's declared bounds. */
  params: Record<string, number>;
  jobs: TDesiredState["jobs"];
}

/**
 * Starts and stops the workloads a rig's config declares. Implementations never run anything
 * that is not a declared workload: they only receive TWorkloadConfig entries from the config.
 */
export interface WorkloadDriver {
  start(request: TStartRequest): Promise<void>;
  stop(workload: TWorkloadConfig): Promise<void>;
  isRunning(workload: TWorkloadConfig): Promise<boolean>;
}

/** Environment passed to a workload: its parameters and, for AI jobs, the GPUs it may use. */
export function workloadEnv(request: TStartRequest): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.params)) env[`RIGSHIFT_PARAM_${name.toUpperCase()}`] = String(value);
  if (request.jobs.length) {
    env.RIGSHIFT_JOB_IDS = request.jobs.map((j) => j.jobId).join(",");
    env.CUDA_VISIBLE_DEVICES = [...new Set(request.jobs.flatMap((j) => j.gpuIndices))].sort((a, b) => a - b).join(",");
  }
  return env;
}
