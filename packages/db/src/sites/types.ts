/** Site shapes (types only: safe for client components). Money in dollars (number). */
export interface TSitePolicy {
  maxInletTempC: number;
  maxGpuTempC: number;
  minDwellSeconds: number;
  hysteresisBps: number;
  /** $/MWh; null: curtail on profit only. */
  curtailStrikeUsdPerMwh: number | null;
  fallbackMode: "MINE" | "AI" | "IDLE";
  updatedAt: string;
  updatedBy: string | null;
}

export interface TCapWindow {
  id: number;
  startsAt: string;
  endsAt: string;
  capKw: number;
  reason: string;
  active: boolean;
}

export interface TSite {
  id: number;
  code: string;
  name: string;
  timezone: string;
  marketZone: string;
  powerCapKw: number;
  coolingCapacityKw: number;
  pue: number;
  policy: TSitePolicy | null;
  capWindows: TCapWindow[];
}
