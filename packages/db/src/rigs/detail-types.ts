/** The rig detail page's shapes (types only: safe for client components). */
import type { TConnectivity } from "../fleet/connectivity";
import type { TMode } from "./types";
import type { TWorkloadOffer } from "./workloads";

export interface TRigDetail {
  id: number;
  hostname: string;
  kind: "GPU_RIG" | "ASIC";
  model: string;
  tags: string[];
  lifecycle: "ACTIVE" | "MAINTENANCE" | "RETIRED";
  agentVersion: string | null;
  lastSeenAt: string | null;
  enrolledAt: string;
  connectivity: TConnectivity;
  site: { id: number; code: string; name: string };
  pin: { mode: TMode; workload: string | null; until: string | null } | null;
  workloads: TWorkloadOffer[];
  devices: { id: number; index: number; kind: "GPU" | "HASHBOARD"; model: string; vramMb: number | null; powerLimitW: number | null }[];
  state: {
    at: string;
    powerW: number | null;
    maxTempC: number | null;
    avgUtilPct: number | null;
    hashrateHs: number | null;
    inletTempC: number | null;
    mode: TMode | null;
    workload: string | null;
    appliedGeneration: number | null;
    healthy: boolean;
  } | null;
  desired: {
    generation: number;
    mode: TMode;
    workload: string | null;
    source: "DEFAULT" | "SCHEDULER" | "OPERATOR";
    jobs: { jobId: number; gpuIndices: number[] }[];
    updatedAt: string;
  } | null;
  placements: { id: number; gpuIndices: number[]; startedAt: string; job: { id: number; name: string; customer: string; status: string } }[];
}

/** t: bucket start, unix ms; the rest are bucket means (°C, W, %, H/s), null without samples. */
export interface TDevicePoint {
  t: number;
  deviceIndex: number;
  tempC: number | null;
  powerW: number | null;
  utilPct: number | null;
  hashrateHs: number | null;
}

export interface TRigSeries {
  range: string;
  from: string;
  to: string;
  bucketSeconds: number;
  devices: { id: number; index: number; kind: "GPU" | "HASHBOARD"; model: string }[];
  points: TDevicePoint[];
}
