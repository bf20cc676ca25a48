import { microToUsdOrNull } from "../money/usd";
import type { TCapWindow, TSite, TSitePolicy } from "./types";

export const SITE_SELECT = {
  id: true,
  code: true,
  name: true,
  timezone: true,
  marketZone: true,
  powerCapKw: true,
  coolingCapacityKw: true,
  pue: true,
  policy: true,
} as const;

type TPolicyRow = {
  maxInletTempC: number;
  maxGpuTempC: number;
  minDwellSeconds: number;
  hysteresisBps: number;
  curtailStrikeMicroUsdPerMwh: bigint | null;
  fallbackMode: "MINE" | "AI" | "IDLE";
  updatedAt: Date;
  updatedBy: string | null;
};

export function policyShape(p: TPolicyRow): TSitePolicy {
  return {
    maxInletTempC: p.maxInletTempC,
    maxGpuTempC: p.maxGpuTempC,
    minDwellSeconds: p.minDwellSeconds,
    hysteresisBps: p.hysteresisBps,
    curtailStrikeUsdPerMwh: microToUsdOrNull(p.curtailStrikeMicroUsdPerMwh),
    fallbackMode: p.fallbackMode,
    updatedAt: p.updatedAt.toISOString(),
    updatedBy: p.updatedBy,
  };
}

export function windowShape(w: { id: number; startsAt: Date; endsAt: Date; capKw: number; reason: string }, now: Date): TCapWindow {
  return { ...w, startsAt: w.startsAt.toISOString(), endsAt: w.endsAt.toISOString(), active: w.startsAt <= now && w.endsAt > now };
}

export function siteShape(
  s: { id: number; code: string; name: string; timezone: string; marketZone: string; powerCapKw: number; coolingCapacityKw: number; pue: number; policy: TPolicyRow | null },
  windows: { id: number; startsAt: Date; endsAt: Date; capKw: number; reason: string }[],
  now: Date,
): TSite {
  return { ...s, policy: s.policy ? policyShape(s.policy) : null, capWindows: windows.map((w) => windowShape(w, now)) };
}
