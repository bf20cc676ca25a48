/** Shapes the fleet API returns; safe to import from client components (types only). */
import type { TConnectivity } from "./connectivity";

export interface TFleetRig {
  id: number;
  hostname: string;
  kind: "GPU_RIG" | "ASIC";
  model: string;
  lifecycle: "ACTIVE" | "MAINTENANCE" | "RETIRED";
  connectivity: TConnectivity;
  lastSeenAt: string | null;
  mode: "MINE" | "AI" | "IDLE" | null;
  workload: string | null;
  desiredMode: "MINE" | "AI" | "IDLE" | null;
  powerW: number | null;
  maxTempC: number | null;
  avgUtilPct: number | null;
  hashrateHs: number | null;
  deviceCount: number;
}

export interface TFleetSite {
  id: number;
  code: string;
  name: string;
  powerCapKw: number;
  /** Sum of the last reported power of online and stale rigs, kW. */
  powerNowKw: number;
  counts: Record<TConnectivity, number>;
  rigs: TFleetRig[];
}
