/** What a scrape says for a given farm, and how ingest flushes move the counters: pure, no services. */
import { readFileSync } from "node:fs";
import type { TFleetMetrics, TOverviewSite } from "@rigshift/db";
import { Registry } from "prom-client";
import { describe, expect, it } from "vitest";
import { ingestObserver, processMetrics } from "./metrics";
import { parseExposition } from "./metrics-exposition";
import { fleetRegistry, type TScrapeSnapshot } from "./metrics-fleet";
import { dashboardExprs, metricNamesIn } from "./promql";

const site = (id: number, code: string, more: Partial<TOverviewSite> = {}): TOverviewSite => ({
  id,
  code,
  name: code,
  powerCapKw: 100,
  capKw: 100,
  capWindow: null,
  rigs: { mining: 0, ai: 0, idle: 0, maintenance: 0, offline: 0 },
  rigTotal: 0,
  powerNowKw: 0,
  economics: null,
  alerts: { open: 0, critical: 0 },
  ...more,
});

const fleet: TFleetMetrics = {
  overview: {
    at: "2026-11-22T12:00:00.000Z",
    run: null,
    farm: site(0, "farm"),
    sites: [
      site(1, "TX-1", {
        rigs: { mining: 3, ai: 1, idle: 0, maintenance: 1, offline: 2 },
        powerNowKw: 12.5,
        capKw: 60,
        economics: { decisions: 4, profitUsdPerHour: 2.5, revenueUsdPerHour: 4, energyUsdPerHour: 1.5 },
      }),
      site(2, "ND-2"),
    ],
    recentAlerts: [],
  },
  statuses: [
    { siteId: 1, status: "online", rigs: 5 },
    { siteId: 1, status: "offline", rigs: 2 },
  ],
  openAlerts: [{ kind: "rig_offline", severity: "CRITICAL", open: 2 }],
  scheduler: {
    lastRun: { epochStart: new Date("2026-11-22T12:01:00Z"), failed: false },
    lastFinishedRun: {
      epochStart: new Date("2026-11-22T12:00:00Z"),
      startedAt: new Date("2026-11-22T12:00:00Z"),
      finishedAt: new Date("2026-11-22T12:00:01.250Z"),
      rigsSeen: 7,
      changes: 2,
    },
  },
};

async function scrape(snapshot: TScrapeSnapshot) {
  const text = await Registry.merge([processMetrics().registry, fleetRegistry(snapshot)]).metrics();
  const families = parseExposition(text);
  const value = (name: string, labels: Record<string, string> = {}) =>
    [...families.values()].flatMap((f) => f.samples).find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))?.value;
  return { text, families, value };
}

describe("a scrape", () => {
  it("reports the farm by site and mode, status, power against cap, money, alerts and the scheduler's last run", async () => {
    const queues = [{ queue: "{rigshift}-scheduler", counts: { waiting: 1, prioritized: 0, active: 1, delayed: 1, "waiting-children": 0, failed: 3, completed: 9 } }];
    const { value, families } = await scrape({ fleet, queues });
    expect(value("rigshift_rigs", { site: "TX-1", mode: "mining" })).toBe(3);
    expect(value("rigshift_rigs", { site: "ND-2", mode: "ai" })).toBe(0);
    expect(value("rigshift_rigs_by_status", { site: "TX-1", status: "stale" })).toBe(0);
    expect(value("rigshift_rigs_by_status", { site: "TX-1", status: "offline" })).toBe(2);
    expect(value("rigshift_site_power_watts", { site: "TX-1" })).toBe(12_500);
    expect(value("rigshift_site_power_cap_watts", { site: "TX-1" })).toBe(60_000);
    expect(value("rigshift_site_revenue_usd_per_hour", { site: "TX-1" })).toBe(4);
    expect(value("rigshift_site_energy_cost_usd_per_hour", { site: "TX-1" })).toBe(1.5);
    // No decisions for a site: no money figures rather than a zero that claims one.
    expect(value("rigshift_site_revenue_usd_per_hour", { site: "ND-2" })).toBeUndefined();
    expect(value("rigshift_alerts_open", { kind: "rig_offline", severity: "CRITICAL" })).toBe(2);
    expect(value("rigshift_scheduler_last_epoch_start_timestamp_seconds")).toBe(Date.parse("2026-11-22T12:01:00Z") / 1000);
    expect(value("rigshift_scheduler_last_run_duration_seconds")).toBe(1.25);
    expect(value("rigshift_scheduler_last_run_decided_rigs")).toBe(7);
    expect(value("rigshift_queue_jobs", { queue: "{rigshift}-scheduler", state: "failed" })).toBe(3);
    expect(value("rigshift_dependency_up", { dependency: "redis" })).toBe(1);
    expect(families.get("process_cpu_user_seconds_total")?.type).toBe("counter");
  });

  it("leaves out what a dependency that did not answer would have said, and says so", async () => {
    const { value, families } = await scrape({ fleet: null, queues: null });
    expect(value("rigshift_dependency_up", { dependency: "postgres" })).toBe(0);
    expect(value("rigshift_dependency_up", { dependency: "redis" })).toBe(0);
    expect(families.has("rigshift_rigs")).toBe(false);
    expect(families.has("rigshift_scheduler_last_run_duration_seconds")).toBe(false);
  });

  it("counts ingest flushes: batches and samples by outcome, commit latency of committed flushes", async () => {
    const before = await scrape({ fleet: null, queues: null });
    ingestObserver.flushed({ ok: true, batches: 5, duplicates: 1, samples: 40, seconds: 0.012 });
    ingestObserver.flushed({ ok: false, batches: 2, duplicates: 0, samples: 7, seconds: 0.5 });
    const after = await scrape({ fleet: null, queues: null });
    const delta = (name: string, labels: Record<string, string> = {}) => (after.value(name, labels) ?? 0) - (before.value(name, labels) ?? 0);
    expect(delta("rigshift_ingest_batches_total", { outcome: "accepted" })).toBe(4);
    expect(delta("rigshift_ingest_batches_total", { outcome: "duplicate" })).toBe(1);
    expect(delta("rigshift_ingest_batches_total", { outcome: "rejected" })).toBe(2);
    expect(delta("rigshift_ingest_samples_total", { outcome: "accepted" })).toBe(40);
    expect(delta("rigshift_ingest_samples_total", { outcome: "rejected" })).toBe(7);
    expect(delta("rigshift_ingest_commit_seconds_count")).toBe(1);
    expect(delta("rigshift_ingest_commit_seconds_bucket", { le: "0.025" })).toBe(1);
    expect(delta("rigshift_ingest_commit_seconds_bucket", { le: "0.01" })).toBe(0);
  });
});

describe("the Grafana dashboard", () => {
  it("reads only metrics that a scrape serves (the integration test checks a live one)", async () => {
    const dashboard = JSON.parse(readFileSync(new URL("../../../../deploy/grafana/rigshift-dashboard.json", import.meta.url), "utf8"));
    const queues = [{ queue: "q", counts: { waiting: 0, prioritized: 0, active: 0, delayed: 0, "waiting-children": 0, failed: 0, completed: 0 } }];
    const { families } = await scrape({ fleet, queues });
    const served = new Set([...families.values()].flatMap((f) => f.samples.map((s) => s.name)));
    const used = [...new Set(dashboardExprs(dashboard).flatMap(metricNamesIn))];
    expect(used.length).toBeGreaterThan(10);
    expect(used.filter((name) => !served.has(name))).toEqual([]);
  });
});

describe("parseExposition", () => {
  it.each([
    ["a sample without a value", '# TYPE x gauge\nx{a="1"}\n'],
    ["an unquoted label value", "# TYPE x gauge\nx{a=1} 1\n"],
    ["the same series twice", "# TYPE x gauge\nx 1\nx 2\n"],
    ["a family split in two", '# TYPE x gauge\n# TYPE y gauge\nx 1\ny 1\nx{a="b"} 1\n'],
    ["a histogram without +Inf", '# TYPE h histogram\nh_bucket{le="1"} 1\nh_sum 1\nh_count 1\n'],
    ["a value that is not a number", "# TYPE x gauge\nx one\n"],
  ])("refuses %s", (_what, text) => {
    expect(() => parseExposition(text)).toThrow();
  });
});
