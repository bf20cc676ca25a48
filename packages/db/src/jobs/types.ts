/** Job shapes (types only: safe for client components). Money in dollars (number). */
export type TJobStatus = "QUEUED" | "PLACED" | "RUNNING" | "COMPLETED" | "FAILED" | "CANCELLED";
export const ACTIVE_JOB_STATUSES: TJobStatus[] = ["QUEUED", "PLACED", "RUNNING"];

export interface TJobPlacement {
  id: number;
  rigId: number;
  hostname: string;
  gpuIndices: number[];
  startedAt: string;
  endedAt: string | null;
  endReason: string | null;
}

export interface TJob {
  id: number;
  name: string;
  customer: string;
  /** Prefix of the API key that submitted it; null when an operator did. */
  apiKeyPrefix: string | null;
  gpuCount: number;
  minVramGbPerGpu: number;
  gpuModels: string[];
  priceUsdPerGpuHour: number;
  durationSeconds: number;
  priority: number;
  deadline: string | null;
  preemptible: boolean;
  runtimeProfile: string;
  status: TJobStatus;
  submittedAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  gpuSecondsDone: number;
  /** gpuSecondsDone over gpuCount x durationSeconds, 0-100. */
  progressPct: number;
  placements: TJobPlacement[];
}

export interface TJobInput {
  name: string;
  customer: string;
  gpuCount: number;
  minVramGbPerGpu: number;
  /** Allowed GPU models (exact device model names); empty: any that fits. */
  gpuModels: string[];
  /** Decimal dollars per GPU-hour, e.g. "2.35". */
  priceUsdPerGpuHour: string;
  durationSeconds: number;
  priority: number;
  deadline: Date | null;
  preemptible: boolean;
  runtimeProfile: string;
}
