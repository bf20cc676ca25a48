/** Shapes the rigs API returns (types only: safe for client components). */
import type { TRigClass, TRigStatus } from "./rig-class";

export type TMode = "MINE" | "AI" | "IDLE";

export interface TRigRow {
  id: number;
  hostname: string;
  siteId: number;
  siteCode: string;
  kind: "GPU_RIG" | "ASIC";
  model: string;
  tags: string[];
  lifecycle: "ACTIVE" | "MAINTENANCE" | "RETIRED";
  class: TRigClass;
  status: TRigStatus;
  lastSeenAt: string | null;
  /** What the rig reports doing, and what it is told to do. */
  mode: TMode | null;
  workload: string | null;
  desiredMode: TMode | null;
  desiredSource: "DEFAULT" | "SCHEDULER" | "OPERATOR" | null;
  pinnedMode: TMode | null;
  powerW: number | null;
  maxTempC: number | null;
  avgUtilPct: number | null;
  hashrateHs: number | null;
  healthy: boolean | null;
}

export const RIG_SORTS = ["hostname", "site", "model", "mode", "power", "temp", "lastSeen"] as const;
export type TRigSort = (typeof RIG_SORTS)[number];

export interface TRigQuery {
  siteId?: number;
  mode?: TRigClass;
  model?: string;
  status?: TRigStatus;
  tag?: string;
  health?: "healthy" | "unhealthy";
  /** Hostname contains (case-insensitive). */
  q?: string;
  sort: TRigSort;
  dir: "asc" | "desc";
  /** 1-based. */
  page: number;
  pageSize: number;
}

export interface TRigPage {
  rows: TRigRow[];
  total: number;
  page: number;
  pageSize: number;
}
