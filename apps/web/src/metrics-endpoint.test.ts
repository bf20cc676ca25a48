/**
 * GET /metrics over HTTP against the built web app that `npm test` runs (WEB_URL, METRICS_TOKEN),
 * with a seeded farm behind it: the scrape is valid exposition format, it is closed without the
 * token, and every metric the Grafana dashboard (deploy/grafana) queries is in it.
 */
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { seedEnrolledRig, testDatabase, truncateAll } from "@rigshift/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseExposition } from "./server/metrics-exposition";
import { dashboardExprs, metricNamesIn } from "./server/promql";

const WEB_URL = process.env.WEB_URL;
if (!WEB_URL) throw new Error("WEB_URL is not set: run with `npm test`, which starts the web app");
const TOKEN = process.env.METRICS_TOKEN;
const db = testDatabase(process.env.DATABASE_URL);
afterAll(() => db.close());

const scrape = (token = TOKEN) => fetch(`${WEB_URL}/metrics`, { headers: token ? { authorization: `Bearer ${token}` } : {} });

beforeAll(async () => {
  await truncateAll(db);
  const rig = await seedEnrolledRig(db, { hostname: "metrics-a" });
  // A report through the agent API: the rig is online, in RigState, drawing power.
  const batch = {
    batchId: randomUUID(),
    sentAt: new Date().toISOString(),
    agentVersion: "test",
    samples: [{ at: new Date(Date.now() - 1000).toISOString(), rig: { powerW: 1200 }, devices: [{ index: 0, kind: "GPU", powerW: 300 }], mode: "MINE", workload: "rvn-kawpow" }],
    events: [],
  };
  const ack = await fetch(`${WEB_URL}/api/agent/v1/telemetry`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${rig.rigToken}` },
    body: JSON.stringify(batch),
  });
  expect(ack.status).toBe(200);
  const epochStart = new Date(Math.floor(Date.now() / 60_000) * 60_000 - 60_000);
  const run = await db.prisma.schedulerRun.create({ data: { epochStart, startedAt: epochStart, finishedAt: new Date(epochStart.getTime() + 800), workerId: "test", rigsSeen: 1 } });
  await db.prisma.decision.create({
    data: {
      runId: run.id,
      rigId: rig.rigId,
      at: epochStart,
      mode: "MINE",
      expectedMicroUsdPerHour: 1_500_000n,
      revenueMicroUsdPerHour: 2_000_000n,
      energyMicroUsdPerHour: 500_000n,
      reasonCode: "best_margin",
      reason: "mining earns the most",
    },
  });
  await db.prisma.alert.create({ data: { rigId: rig.rigId, kind: "rig_hot", severity: "WARNING", message: "GPU 0 at 86 C" } });
});

describe("GET /metrics", () => {
  it("is closed without the token", async () => {
    const res = await scrape("not-the-metrics-token");
    // `next start` is production: no token configured would be a 403 for everyone.
    expect(res.status).toBe(TOKEN ? 401 : 403);
    expect((await res.json()).error.code).toBe(TOKEN ? "UNAUTHORIZED" : "FORBIDDEN");
  });

  it("serves valid exposition format with the farm, the scheduler, ingest, queues and the process", async () => {
    const res = await scrape();
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    const families = parseExposition(await res.text());
    const sample = (name: string, labels: Record<string, string> = {}) =>
      families.get(name)?.samples.find((s) => Object.entries(labels).every(([k, v]) => s.labels[k] === v))?.value;
    const site = (await db.prisma.site.findFirstOrThrow()).code;
    expect(sample("rigshift_rigs", { site, mode: "mining" })).toBe(1);
    expect(sample("rigshift_rigs_by_status", { site, status: "online" })).toBe(1);
    expect(sample("rigshift_site_power_watts", { site })).toBe(1200);
    expect(sample("rigshift_site_revenue_usd_per_hour", { site })).toBe(2);
    expect(sample("rigshift_site_energy_cost_usd_per_hour", { site })).toBe(0.5);
    expect(sample("rigshift_alerts_open", { kind: "rig_hot", severity: "WARNING" })).toBe(1);
    expect(sample("rigshift_scheduler_last_run_duration_seconds")).toBe(0.8);
    expect(sample("rigshift_dependency_up", { dependency: "postgres" })).toBe(1);
    expect(sample("rigshift_dependency_up", { dependency: "redis" })).toBe(1);
    expect(families.get("rigshift_queue_jobs")?.samples.length).toBeGreaterThan(0);
    expect(families.get("rigshift_ingest_commit_seconds")?.type).toBe("histogram");
    expect(families.get("process_resident_memory_bytes")?.type).toBe("gauge");
  });

  it("has every metric the Grafana dashboard queries", async () => {
    const dashboard = JSON.parse(readFileSync(new URL("../../../deploy/grafana/rigshift-dashboard.json", import.meta.url), "utf8"));
    expect(dashboard.__inputs).toContainEqual(expect.objectContaining({ name: "DS_PROMETHEUS", type: "datasource", pluginId: "prometheus" }));
    // biome-ignore lint/suspicious/noTemplateCurlyInString: Grafana's import placeholder for the chosen data source, not a template
    const input = "${DS_PROMETHEUS}";
    for (const panel of dashboard.panels.filter((p: { type: string }) => p.type !== "row")) expect(panel.datasource).toEqual({ type: "prometheus", uid: input });
    const families = parseExposition(await (await scrape()).text());
    const served = new Set([...families.values()].flatMap((f) => f.samples.map((s) => s.name)));
    const used = [...new Set(dashboardExprs(dashboard).flatMap(metricNamesIn))];
    expect(used.length).toBeGreaterThan(10);
    expect(used.filter((name) => !served.has(name))).toEqual([]);
  });
});
