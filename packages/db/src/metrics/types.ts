/** What a Prometheus scrape reports about the farm (types only). */
import type { TOverview } from "../overview/types";
import type { TRigStatus } from "../rigs/rig-class";

export interface TFleetMetrics {
  /** Rigs by mode, power now and cap, revenue and energy cost per site: the overview page's own numbers. */
  overview: TOverview;
  /** Rigs by connectivity per site (never-seen rigs are offline). */
  statuses: { siteId: number; status: TRigStatus; rigs: number }[];
  /** Unresolved alerts (acknowledged ones included) by kind and severity. */
  openAlerts: { kind: string; severity: string; open: number }[];
  scheduler: {
    /** The newest run, finished or not: when its epoch starts, and whether it failed. */
    lastRun: { epochStart: Date; failed: boolean } | null;
    /** The newest finished run; `rigsSeen` is the number of rigs it decided. */
    lastFinishedRun: { epochStart: Date; startedAt: Date; finishedAt: Date; rigsSeen: number; changes: number } | null;
  };
}
