/** Shapes the overview returns (types only: safe for client components). Money in dollars (number). */
import type { TRigClass } from "../rigs/rig-class";

export interface TEconomics {
  /** Rigs with a decision in the newest finished scheduler run. */
  decisions: number;
  profitUsdPerHour: number;
  revenueUsdPerHour: number;
  energyUsdPerHour: number;
}

export interface TOverviewTotals {
  rigs: Record<TRigClass, number>;
  rigTotal: number;
  powerNowKw: number;
  /** Site caps, lowered by active cap windows, kW. */
  capKw: number;
  economics: TEconomics | null;
  alerts: { open: number; critical: number };
}

export interface TOverviewSite extends TOverviewTotals {
  id: number;
  code: string;
  name: string;
  powerCapKw: number;
  capWindow: { capKw: number; reason: string; endsAt: string } | null;
}

export interface TOverviewAlert {
  id: number;
  kind: string;
  severity: "INFO" | "WARNING" | "CRITICAL";
  message: string;
  openedAt: string;
  acknowledged: boolean;
  rigId: number | null;
  hostname: string | null;
  siteCode: string | null;
}

export interface TOverview {
  at: string;
  /** The scheduler run the economics come from; null when none has finished. */
  run: { epochStart: string; finishedAt: string } | null;
  farm: TOverviewTotals;
  sites: TOverviewSite[];
  recentAlerts: TOverviewAlert[];
}
