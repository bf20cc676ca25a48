/** Decision log shapes (types only: safe for client components). Money in dollars per hour (number). */
export interface TAlternative {
  mode: string;
  workload: string | null;
  usdPerHour: number | null;
  /** Why it was not chosen, when the scheduler said. */
  rejected: string | null;
}

export interface TDecision {
  id: string;
  at: string;
  rigId: number;
  hostname: string;
  siteCode: string;
  mode: "MINE" | "AI" | "IDLE";
  workload: string | null;
  jobIds: number[];
  profitUsdPerHour: number;
  revenueUsdPerHour: number;
  energyUsdPerHour: number;
  powerW: number;
  reasonCode: string;
  reason: string;
  changed: boolean;
  alternatives: TAlternative[];
}

export interface TDecisionQuery {
  rigId?: number;
  /** Rig hostname contains (case-insensitive). */
  hostname?: string;
  mode?: "MINE" | "AI" | "IDLE";
  /** Reason text or code contains (case-insensitive). */
  reason?: string;
  from?: Date;
  to?: Date;
  changedOnly?: boolean;
  /** Keyset cursor: only decisions with a smaller id (the last id of the previous page). */
  before?: bigint;
  limit: number;
}
