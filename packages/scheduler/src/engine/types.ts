/**
 * The decision engine's contract: plain data in (EngineInput), a plan out (EnginePlan).
 * Units are in the names; money is USD, power is IT (wall) power unless it says facility.
 */

export type Mode = "MINE" | "AI" | "IDLE";

export interface EngineInput {
  nowMs: number; // unix ms, start of the epoch being decided
  epochSeconds: number; // length of the epoch
  sites: SiteInput[];
  rigs: RigInput[];
  jobs: JobInput[]; // QUEUED ones and those already placed/running
  profiles: MiningProfileInput[];
  /** Revenue per H/s per day before pool fee (BTC hashprice $/TH/day = usdPerHashPerDay * 1e12). */
  coins: Record<string, { usdPerHashPerDay: number }>;
  /** Seconds a switch earns nothing (start-up of the new mode). */
  switching: { mineStartSeconds: number; asicStartSeconds: number; aiStartSeconds: number };
  /** Catalogue board power per GPU model (W), used for AI when neither telemetry nor the job says. */
  gpuBoardPowerW?: Record<string, number>;
}

export interface SitePolicyInput {
  maxInletTempC: number;
  maxGpuTempC: number;
  minDwellSeconds: number;
  hysteresisBps: number; // 500 = a switch must gain 5%
  curtailStrikeUsdPerMwh: number | null; // above this price mining is not chosen
}

export interface SiteInput {
  id: number;
  code: string;
  powerCapKw: number; // effective cap now, facility side (IT x PUE)
  coolingCapacityKw: number; // IT heat the site can remove
  pue: number;
  electricityUsdPerMwh: number; // expected for this epoch; may be negative or > 3000
  policy: SitePolicyInput;
}

export interface GpuInput {
  index: number;
  model: string;
  vramMb: number;
  healthy: boolean; // false after Xid/ECC trouble
  tempC?: number;
}

export interface RigInput {
  id: number;
  hostname: string;
  siteId: number;
  kind: "GPU_RIG" | "ASIC";
  model: string;
  online: boolean;
  maintenance: boolean;
  pinned: { mode: Mode; workload: string | null } | null;
  gpus: GpuInput[];
  inletTempC?: number;
  idlePowerW: number;
  /** Workloads the rig's local config allows (profile keys for MINE, runtime keys for AI). */
  offers: { key: string; mode: Mode }[];
  /** From telemetry when known, else catalogue figures are used. */
  measuredPowerW?: Partial<Record<Mode, number>>;
  current: { mode: Mode; workload: string | null; sinceMs: number; jobIds: number[] };
}

export interface JobInput {
  id: number;
  gpuCount: number;
  minVramMbPerGpu: number;
  gpuModels: string[]; // empty = any
  priceUsdPerGpuHour: number;
  priority: number; // higher first when value is similar
  deadlineMs: number | null; // unix ms
  preemptible: boolean;
  runtime: string; // must be in the rig's offers with mode AI
  aiPowerWPerGpu?: number;
  placement: { rigId: number; gpuIndices: number[] } | null;
  running: boolean;
}

export interface MiningProfileInput {
  key: string;
  coin: string;
  poolFeeBps: number;
  /** Per device model: per GPU for GPU rigs, per miner for ASICs. */
  rates: Record<string, { hashrateHs: number; powerW: number }>;
}

/** Why a rig got its decision, or why an alternative was turned down. */
export type ReasonCode =
  | "OFFLINE"
  | "MAINTENANCE"
  | "PINNED"
  | "NON_PREEMPTIBLE"
  | "DWELL"
  | "HYSTERESIS"
  | "CAP"
  | "COOLING"
  | "INLET_HOT"
  | "GPU_HOT"
  | "GPU_UNHEALTHY"
  | "VRAM_TOO_SMALL"
  | "GPU_COUNT_TOO_SMALL"
  | "MODEL_NOT_ALLOWED"
  | "RUNTIME_NOT_OFFERED"
  | "GPUS_BUSY"
  | "CURTAIL_STRIKE"
  | "NOT_OFFERED"
  | "UNPROFITABLE"
  | "LOWER_PROFIT"
  | "BEST_PROFIT";

export interface Alternative {
  mode: Mode;
  workload: string | null;
  jobId: number | null;
  usdPerHour: number; // profit: revenue - energy
  rejected: string | null; // null for the chosen one
}

export interface RigDecision {
  rigId: number;
  mode: Mode;
  workload: string | null;
  jobIds: number[];
  expectedUsdPerHour: number; // profit: revenue - energy, start-up losses spread over the epoch
  revenueUsdPerHour: number;
  energyUsdPerHour: number;
  powerW: number; // IT power
  alternatives: Alternative[]; // best few, sorted by usdPerHour, chosen one included
  reasonCode: ReasonCode;
  reason: string;
  changed: boolean; // mode, workload or job set differs from the rig's current state
}

export interface PlannedSite {
  siteId: number;
  plannedKw: number; // facility, incl. PUE
  capKw: number;
  coolingKw: number;
  binding: boolean; // a better option was turned down for this site's power or cooling limit
}

export interface EnginePlan {
  decisions: RigDecision[];
  placements: { jobId: number; rigId: number; gpuIndices: number[] }[];
  unplacedJobs: { jobId: number; reason: string }[];
  sites: PlannedSite[];
}
