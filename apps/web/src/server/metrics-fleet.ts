/**
 * The farm's gauges for one scrape, in a registry of their own built from a snapshot: a site,
 * alert kind or queue that is gone disappears from the next scrape instead of lingering.
 * Pure: snapshot in, registry out.
 */
import { RIG_CLASSES, RIG_STATUSES, type TFleetMetrics, type TOverviewSite } from "@rigshift/db";
import type { TQueueDepths } from "@rigshift/scheduler/queue-depths";
import { Gauge, Registry } from "prom-client";

export interface TScrapeSnapshot {
  /** null: Postgres did not answer; the farm's gauges are left out. */
  fleet: TFleetMetrics | null;
  /** null: Redis did not answer; queue depths are left out. */
  queues: TQueueDepths | null;
}

/** Every gauge of a scrape, with its help text. Money in dollars per hour, power in watts, times in unix seconds. */
export const FLEET_GAUGES = {
  rigshift_dependency_up: "Whether this scrape reached the dependency (postgres, redis): 1, or not: 0.",
  rigshift_queue_jobs: "Jobs in each BullMQ queue by state.",
  rigshift_rigs: "Rigs by site and mode (mining, ai, idle; maintenance and offline whatever they last reported), as the overview page counts them.",
  rigshift_rigs_by_status: "Rigs by site and connectivity: online, stale (late reports), offline (silent or never seen).",
  rigshift_site_power_watts: "Power drawn now by the site's reporting rigs, watts.",
  rigshift_site_power_cap_watts: "The site's power cap now, lowered by an active cap window, watts.",
  rigshift_site_revenue_usd_per_hour: "Expected revenue of the site's rigs under the newest finished scheduler run, $/h.",
  rigshift_site_energy_cost_usd_per_hour: "Expected energy cost of the site's rigs under the newest finished scheduler run, $/h.",
  rigshift_site_profit_usd_per_hour: "Expected profit (revenue less energy cost) under the newest finished scheduler run, $/h.",
  rigshift_alerts_open: "Unresolved alerts (acknowledged ones included) by kind and severity.",
  rigshift_scheduler_last_epoch_start_timestamp_seconds: "Start of the epoch of the newest scheduler run, finished or not, unix seconds.",
  rigshift_scheduler_last_run_failed: "1 when the newest scheduler run recorded an error, else 0.",
  rigshift_scheduler_last_finished_timestamp_seconds: "When the newest finished scheduler run finished, unix seconds.",
  rigshift_scheduler_last_run_duration_seconds: "How long the newest finished scheduler run took, seconds.",
  rigshift_scheduler_last_run_decided_rigs: "Rigs the newest finished scheduler run decided.",
  rigshift_scheduler_last_run_changed_rigs: "Rigs whose work the newest finished scheduler run changed.",
} as const;

type TSample = [labels: Record<string, string>, value: number];
const seconds = (d: Date) => d.getTime() / 1000;
const queueSamples = ({ queue, counts }: TQueueDepths[number]) => Object.entries(counts).map(([state, n]): TSample => [{ queue, state }, n]);

export function fleetRegistry({ fleet, queues }: TScrapeSnapshot): Registry {
  const registry = new Registry();
  const add = (name: keyof typeof FLEET_GAUGES, labelNames: string[], samples: TSample[]) => {
    const gauge = new Gauge({ name, help: FLEET_GAUGES[name], labelNames, registers: [registry] });
    for (const [labels, value] of samples) gauge.set(labels, value);
  };
  // Unlabelled gauges read 0 until set: they are added only with a value.
  const one = (name: keyof typeof FLEET_GAUGES, value: number) => add(name, [], [[{}, value]]);

  const reached: TSample[] = [
    [{ dependency: "postgres" }, fleet ? 1 : 0],
    [{ dependency: "redis" }, queues ? 1 : 0],
  ];
  add("rigshift_dependency_up", ["dependency"], reached);
  if (queues) add("rigshift_queue_jobs", ["queue", "state"], queues.flatMap(queueSamples));
  if (!fleet) return registry;

  const sites = fleet.overview.sites;
  const bySite = (name: keyof typeof FLEET_GAUGES, value: (s: TOverviewSite) => number | undefined) => {
    const samples = sites.map((s): [TSample[0], number | undefined] => [{ site: s.code }, value(s)]).filter((x): x is TSample => x[1] !== undefined);
    add(name, ["site"], samples);
  };
  const status = new Map(fleet.statuses.map((x) => [`${x.siteId}/${x.status}`, x.rigs]));
  const modes = sites.flatMap((s) => RIG_CLASSES.map((mode): TSample => [{ site: s.code, mode }, s.rigs[mode]]));
  const statuses = sites.flatMap((s) => RIG_STATUSES.map((st): TSample => [{ site: s.code, status: st }, status.get(`${s.id}/${st}`) ?? 0]));
  const alerts = fleet.openAlerts.map((a): TSample => [{ kind: a.kind, severity: a.severity }, a.open]);
  add("rigshift_rigs", ["site", "mode"], modes);
  add("rigshift_rigs_by_status", ["site", "status"], statuses);
  bySite("rigshift_site_power_watts", (s) => s.powerNowKw * 1000);
  bySite("rigshift_site_power_cap_watts", (s) => s.capKw * 1000);
  bySite("rigshift_site_revenue_usd_per_hour", (s) => s.economics?.revenueUsdPerHour);
  bySite("rigshift_site_energy_cost_usd_per_hour", (s) => s.economics?.energyUsdPerHour);
  bySite("rigshift_site_profit_usd_per_hour", (s) => s.economics?.profitUsdPerHour);
  add("rigshift_alerts_open", ["kind", "severity"], alerts);

  const { lastRun, lastFinishedRun: done } = fleet.scheduler;
  if (lastRun) {
    one("rigshift_scheduler_last_epoch_start_timestamp_seconds", seconds(lastRun.epochStart));
    one("rigshift_scheduler_last_run_failed", lastRun.failed ? 1 : 0);
  }
  if (done) {
    one("rigshift_scheduler_last_finished_timestamp_seconds", seconds(done.finishedAt));
    one("rigshift_scheduler_last_run_duration_seconds", (done.finishedAt.getTime() - done.startedAt.getTime()) / 1000);
    one("rigshift_scheduler_last_run_decided_rigs", done.rigsSeen);
    one("rigshift_scheduler_last_run_changed_rigs", done.changes);
  }
  return registry;
}
