/**
 * The /metrics endpoint: the exposition text from real nvidia-smi captures, and the agent's own
 * server scraped over HTTP while the agent runs on a fake nvidia-smi that prints a capture.
 */
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { inspectCapture } from "@rigshift/hardware";
import { afterEach, describe, expect, it } from "vitest";
import { AGENT_VERSION, Agent } from "./agent";
import { parseConfig } from "./config";
import { createBackend, createDriver } from "./hardware";
import { silentLogger } from "./log";
import { renderMetrics, type TMetricsView } from "./metrics";
import { METRICS_CONTENT_TYPE, MetricsServer } from "./metrics-server";
import { startFakeControlPlane } from "./testing/fake-control-plane";

const FIXTURES = fileURLToPath(new URL("../../../../shared/fixtures/nvidia-smi-xml/", import.meta.url));
/** Two GTX 1080s mining (driver 390): every reading but the memory temperature is present. */
const MINING_RIG = path.join(FIXTURES, "a0s-exporter__nvidia-smi-3.xml");
const MIB = 1024 * 1024;

interface TSeries {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** Parses the text format strictly: every line is a comment or a well-formed sample, each family declared once, before its samples. */
function parseExposition(text: string): TSeries[] {
  const series: TSeries[] = [];
  const typed = new Set<string>();
  expect(text.endsWith("\n")).toBe(true);
  for (const line of text.trimEnd().split("\n")) {
    const type = /^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (gauge|counter)$/.exec(line);
    if (type) {
      expect(typed.has(type[1]!), `${type[1]} declared twice`).toBe(false);
      typed.add(type[1]!);
      continue;
    }
    if (line.startsWith("# HELP ")) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    expect(m, `not a sample line: ${line}`).not.toBeNull();
    const [, name, labelText = "", value] = m!;
    expect(typed.has(name!), `${name} has samples before its # TYPE`).toBe(true);
    const labels: Record<string, string> = {};
    for (const [, k, v] of labelText.matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)",?/g)) labels[k!] = v!.replace(/\\(.)/g, (_, c) => (c === "n" ? "\n" : c));
    series.push({ name: name!, labels, value: Number(value) });
  }
  return series;
}

const valuesOf = (series: TSeries[], name: string, labels: Record<string, string> = {}) =>
  series.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v)).map((s) => s.value);

function view(overrides: Partial<TMetricsView> = {}): TMetricsView {
  return {
    agentVersion: "0.1.0",
    sample: null,
    journalBatches: 0,
    journalBytes: 0,
    droppedSamples: 0,
    lastDeliveryAt: null,
    deliveriesFailed: 0,
    thermalTrips: 0,
    thermalExcluded: 0,
    ...overrides,
  };
}

describe("renderMetrics", () => {
  const { snapshot } = inspectCapture({ format: "nvidia-smi-xml", text: readFileSync(MINING_RIG, "utf8") });
  const series = parseExposition(renderMetrics(view({ sample: { at: 1_700_000_000_000, devices: snapshot.devices } })));
  const gpu1 = { uuid: "GPU-90e3dab0-b59d-8bf6-d909-d4fab8d2f29b", name: "GeForce GTX 1080", index: "1" };

  it("gives each GPU's readings in base units, labelled by uuid, name and index", () => {
    expect(valuesOf(series, "nvidia_smi_temperature_gpu")).toEqual([67, 70]);
    expect(valuesOf(series, "nvidia_smi_temperature_gpu", gpu1)).toEqual([70]);
    expect(valuesOf(series, "nvidia_smi_power_draw_watts", gpu1)).toEqual([211.06]);
    expect(valuesOf(series, "nvidia_smi_enforced_power_limit_watts", gpu1)).toEqual([216]);
    expect(valuesOf(series, "nvidia_smi_utilization_gpu_ratio", gpu1)).toEqual([1]);
    expect(valuesOf(series, "nvidia_smi_fan_speed_ratio")).toEqual([0.53, 0.58]);
    expect(valuesOf(series, "nvidia_smi_memory_used_bytes", gpu1)).toEqual([2893 * MIB]);
    expect(valuesOf(series, "nvidia_smi_memory_total_bytes", gpu1)).toEqual([8119 * MIB]);
    expect(valuesOf(series, "nvidia_smi_clocks_current_graphics_clock_hz", gpu1)).toEqual([1657e6]);
    expect(valuesOf(series, "nvidia_smi_clocks_current_memory_clock_hz", gpu1)).toEqual([5514e6]);
    expect(valuesOf(series, "nvidia_smi_pstate", gpu1)).toEqual([2]);
    expect(series.find((s) => s.name === "nvidia_smi_gpu_info" && s.labels.index === "0")?.labels).toEqual({
      uuid: "GPU-683c6e09-3969-31a5-b7ca-cc88252b7fce",
      name: "GeForce GTX 1080",
      index: "0",
      pci_bus_id: "00000000:01:00.0",
    });
  });

  it("leaves out what the GPU did not report (N/A), and keeps a real 0", () => {
    // Both captures say <memory_temp>N/A</memory_temp>.
    expect(valuesOf(series, "nvidia_smi_temperature_memory")).toEqual([]);
    const idle = inspectCapture({ format: "nvidia-smi-xml", text: readFileSync(path.join(FIXTURES, "telegraf__rtx-3090-v12.xml"), "utf8") }).snapshot;
    const idleSeries = parseExposition(renderMetrics(view({ sample: { at: 0, devices: idle.devices } })));
    expect(valuesOf(idleSeries, "nvidia_smi_temperature_memory")).toEqual([]);
    expect(valuesOf(idleSeries, "nvidia_smi_utilization_gpu_ratio")).toEqual([0]);
    // A device with nothing but its index: only its info series.
    const bare = parseExposition(renderMetrics(view({ sample: { at: 0, devices: [{ index: 3, kind: "GPU" }] } })));
    expect(bare.filter((s) => s.name.startsWith("nvidia_smi_")).map((s) => s.name)).toEqual(["nvidia_smi_gpu_info"]);
  });

  it("gives the agent's own state, with timestamps in seconds and no delivery time before the first delivery", () => {
    const agent = parseExposition(renderMetrics(view({ journalBatches: 3, journalBytes: 4096, deliveriesFailed: 2, thermalTrips: 1, thermalExcluded: 1 })));
    expect(valuesOf(agent, "rigshift_agent_info", { version: "0.1.0" })).toEqual([1]);
    expect(valuesOf(agent, "rigshift_agent_journal_batches")).toEqual([3]);
    expect(valuesOf(agent, "rigshift_agent_journal_bytes")).toEqual([4096]);
    expect(valuesOf(agent, "rigshift_agent_deliveries_failed_total")).toEqual([2]);
    expect(valuesOf(agent, "rigshift_agent_thermal_trips_total")).toEqual([1]);
    expect(valuesOf(agent, "rigshift_agent_last_delivery_success_timestamp_seconds")).toEqual([]);
    expect(valuesOf(agent, "rigshift_agent_last_sample_timestamp_seconds")).toEqual([]);
    expect(agent.some((s) => s.name.startsWith("nvidia_smi_"))).toBe(false);
    const delivered = parseExposition(renderMetrics(view({ lastDeliveryAt: 1_700_000_000_500, sample: { at: 1_700_000_000_000, devices: [] } })));
    expect(valuesOf(delivered, "rigshift_agent_last_delivery_success_timestamp_seconds")).toEqual([1_700_000_000.5]);
    expect(valuesOf(delivered, "rigshift_agent_last_sample_timestamp_seconds")).toEqual([1_700_000_000]);
  });

  it("escapes label values", () => {
    const odd = parseExposition(renderMetrics(view({ sample: { at: 0, devices: [{ index: 0, kind: "GPU", model: 'Odd "GPU"\\ name\nx', tempC: 50 }] } })));
    expect(odd.find((s) => s.name === "nvidia_smi_temperature_gpu")?.labels.name).toBe('Odd "GPU"\\ name\nx');
  });
});

describe("metrics endpoint", () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  it("serves the running agent's latest sample and delivery state over HTTP", async () => {
    const cp = await startFakeControlPlane({ desired: null });
    cleanups.push(() => cp.close());
    const dir = mkdtempSync(path.join(tmpdir(), "rigshift-metrics-"));
    const fakeSmi = path.join(dir, "nvidia-smi");
    writeFileSync(fakeSmi, `#!/bin/sh\ncat '${MINING_RIG}'\n`);
    chmodSync(fakeSmi, 0o755);
    const config = parseConfig({
      controlPlaneUrl: cp.url,
      enrollmentToken: "fake-enrollment-token-metrics",
      stateDir: path.join(dir, "state"),
      sampleIntervalSeconds: 3600,
      reportIntervalSeconds: 3600,
      hardware: { backend: "nvidia", nvidiaSmiPath: fakeSmi },
      metrics: { listen: "127.0.0.1:0" },
    });
    const backend = createBackend(config);
    const agent = new Agent({ config, backend, driver: createDriver(config, backend, {}, silentLogger), log: silentLogger });
    cleanups.push(() => agent.stop());
    // As main.ts wires it.
    const server = new MetricsServer({ ...config.metrics!.listen, view: () => agent.metricsView(), log: silentLogger });
    await server.start();
    cleanups.push(() => server.stop());
    expect(server.port).toBeGreaterThan(0);
    const startedAt = Date.now();
    await agent.start(); // enrolls, samples once, delivers once

    const res = await fetch(`http://127.0.0.1:${server.port}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe(METRICS_CONTENT_TYPE);
    const series = parseExposition(await res.text());
    expect(valuesOf(series, "nvidia_smi_power_draw_watts", { uuid: "GPU-683c6e09-3969-31a5-b7ca-cc88252b7fce", index: "0" })).toEqual([211.86]);
    expect(valuesOf(series, "nvidia_smi_memory_total_bytes")).toEqual([8116 * MIB, 8119 * MIB]);
    expect(valuesOf(series, "nvidia_smi_utilization_gpu_ratio")).toEqual([1, 1]);
    expect(valuesOf(series, "rigshift_agent_info", { version: AGENT_VERSION })).toEqual([1]);
    expect(valuesOf(series, "rigshift_agent_journal_batches")).toEqual([0]);
    expect(valuesOf(series, "rigshift_agent_deliveries_failed_total")).toEqual([0]);
    expect(valuesOf(series, "rigshift_agent_thermal_trips_total")).toEqual([0]);
    const [deliveredAt] = valuesOf(series, "rigshift_agent_last_delivery_success_timestamp_seconds");
    expect(deliveredAt).toBeGreaterThanOrEqual(Math.floor(startedAt / 1000));
    expect(cp.rigs.get(1)?.samples).toHaveLength(1);

    expect((await fetch(`http://127.0.0.1:${server.port}/`)).status).toBe(404);
    expect((await fetch(`http://127.0.0.1:${server.port}/metrics`, { method: "POST" })).status).toBe(405);
  });

  it("does not start on an address that is taken", async () => {
    const first = new MetricsServer({ host: "127.0.0.1", port: 0, view: () => view(), log: silentLogger });
    await first.start();
    cleanups.push(() => first.stop());
    const second = new MetricsServer({ host: "127.0.0.1", port: first.port, view: () => view(), log: silentLogger });
    await expect(second.start()).rejects.toThrow(/EADDRINUSE/);
  });
});

describe("metrics config", () => {
  const base = { controlPlaneUrl: "http://127.0.0.1:1", hardware: { backend: "nvidia" } };
  it.each([
    ["127.0.0.1:9835", { host: "127.0.0.1", port: 9835 }],
    ["[::1]:9835", { host: "::1", port: 9835 }],
    ["rig-017.farm.lan:9100", { host: "rig-017.farm.lan", port: 9100 }],
  ])("reads listen %s", (listen, expected) => {
    expect(parseConfig({ ...base, metrics: { listen } }).metrics?.listen).toEqual(expected);
  });

  it.each(["9835", "127.0.0.1", "127.0.0.1:70000", "::1:9835", "http://127.0.0.1:9835"])("refuses listen %s", (listen) => {
    expect(() => parseConfig({ ...base, metrics: { listen } })).toThrow(/metrics\.listen: expected "host:port"/);
  });

  it("is off unless configured", () => {
    expect(parseConfig(base).metrics).toBeUndefined();
  });
});
