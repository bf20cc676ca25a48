import type { TDesiredState } from "@rigshift/protocol";
import { describe, expect, it } from "vitest";
import { parseConfig, type TWorkloadConfig } from "./config";
import { silentLogger } from "./log";
import { Reconciler } from "./reconciler";
import type { TStartRequest, WorkloadDriver } from "./workloads/driver";

/** Records what it was asked to do; can be told to fail starts. Checks that two workloads never run at once. */
class RecordingDriver implements WorkloadDriver {
  excludesDevices = false;
  running = new Set<string>();
  calls: string[] = [];
  failStarts = 0;
  maxConcurrent = 0;
  async start({ workload, params, excludedDevices }: TStartRequest) {
    this.calls.push(`start ${workload.key} ${JSON.stringify(params)}${excludedDevices?.length ? ` without ${excludedDevices.join(",")}` : ""}`);
    if (this.failStarts > 0) {
      this.failStarts -= 1;
      throw new Error("exit code 1");
    }
    this.running.add(workload.key);
    this.maxConcurrent = Math.max(this.maxConcurrent, this.running.size);
  }
  async stop(w: TWorkloadConfig) {
    this.calls.push(`stop ${w.key}`);
    this.running.delete(w.key);
  }
  async isRunning(w: TWorkloadConfig) {
    return this.running.has(w.key);
  }
}

const config = parseConfig({
  controlPlaneUrl: "http://127.0.0.1:1",
  hardware: { backend: "nvidia" },
  workloads: [
    { key: "rvn-kawpow", mode: "MINE", command: ["/opt/miner/run"], params: { power_limit_pct: { min: 60, max: 100, default: 85 } } },
    { key: "pytorch", mode: "AI", unit: "rigshift-pytorch.service" },
  ],
  fallback: { afterSeconds: 600, workload: "rvn-kawpow" },
});

function setup() {
  const driver = new RecordingDriver();
  const events: { type: string; message: string }[] = [];
  let clock = 1_000_000;
  const r = new Reconciler(
    config,
    driver,
    (type, _s, message) => events.push({ type, message }),
    silentLogger,
    () => clock,
  );
  return { driver, events, r, advance: (ms: number) => (clock += ms) };
}

const desired = (generation: number, mode: TDesiredState["mode"], workload: string | null, params: Record<string, number> = {}): TDesiredState => ({
  generation,
  mode,
  workload,
  params,
  jobs: [],
});

describe("Reconciler", () => {
  it("starts the desired workload with default parameters and reports the generation", async () => {
    const { r, driver, events } = setup();
    await r.reconcile(desired(1, "MINE", "rvn-kawpow"));
    expect(driver.calls).toEqual(['start rvn-kawpow {"power_limit_pct":85}']);
    expect(r.state()).toEqual({ appliedGeneration: 1, mode: "MINE", workload: "rvn-kawpow", phase: "steady" });
    expect(events.map((e) => e.type)).toEqual(["workload.switched"]);
  });

  it("stops the old workload before starting the next: never two at once", async () => {
    const { r, driver } = setup();
    await r.reconcile(desired(1, "MINE", "rvn-kawpow"));
    await r.reconcile(desired(2, "AI", "pytorch"));
    expect(driver.calls.slice(1)).toEqual(["stop rvn-kawpow", "start pytorch {}"]);
    expect(driver.maxConcurrent).toBe(1);
  });

  const hostile: [string, TDesiredState, RegExp][] = [
    ["a workload the config does not declare", desired(1, "MINE", "xmrig-evil"), /not allowed/],
    ["a declared workload under the wrong mode", desired(1, "AI", "rvn-kawpow"), /MINE workload, not AI/],
    ["an undeclared parameter", desired(1, "MINE", "rvn-kawpow", { cmd: 1 }), /not declared/],
    ["a parameter above its bound", desired(1, "MINE", "rvn-kawpow", { power_limit_pct: 150 }), /outside \[60, 100\]/],
    ["a NaN parameter", desired(1, "MINE", "rvn-kawpow", { power_limit_pct: Number.NaN }), /outside/],
  ];
  for (const [what, state, reason] of hostile) {
    it(`refuses ${what}, runs nothing, and reports it once`, async () => {
      const { r, driver, events } = setup();
      await r.reconcile(state);
      await r.reconcile(state);
      expect(driver.calls).toEqual([]);
      expect(events).toHaveLength(1);
      expect(events[0]?.type).toBe("workload.refused");
      expect(events[0]?.message).toMatch(reason);
    });
  }

  it("retries a failed start with growing backoff and ends up running", async () => {
    const { r, driver, events, advance } = setup();
    driver.failStarts = 2;
    await r.reconcile(desired(1, "MINE", "rvn-kawpow"));
    expect(r.state().phase).toBe("failed");
    expect(r.state().mode).toBe("IDLE");
    await r.reconcile(desired(1, "MINE", "rvn-kawpow"));
    expect(driver.calls).toHaveLength(2); // first start + cleanup stop; no retry before the backoff
    advance(1_000);
    await r.reconcile(desired(1, "MINE", "rvn-kawpow"));
    expect(events.filter((e) => e.type === "workload.start_failed")).toHaveLength(2);
    expect(events.at(-1)?.message).toMatch(/retry in 2 s/);
    advance(2_000);
    await r.reconcile(desired(1, "MINE", "rvn-kawpow"));
    expect(r.state()).toMatchObject({ mode: "MINE", phase: "steady" });
  });

  it("restarts a workload that died (level-triggered)", async () => {
    const { r, driver, events } = setup();
    await r.reconcile(desired(1, "MINE", "rvn-kawpow"));
    driver.running.clear();
    await r.reconcile(desired(1, "MINE", "rvn-kawpow"));
    expect(events.map((e) => e.type)).toContain("workload.died");
    expect(driver.running.has("rvn-kawpow")).toBe(true);
  });

  it("restarts the workload without a GPU the thermal guard took out, stopping it first, and with it once it is back", async () => {
    const { r, driver, events } = setup();
    driver.excludesDevices = true;
    r.setDevices([0, 1, 2, 3], []);
    await r.reconcile(desired(1, "MINE", "rvn-kawpow"));
    r.setDevices([0, 1, 2, 3], [2]);
    await r.reconcile(desired(1, "MINE", "rvn-kawpow"));
    await r.reconcile(desired(1, "MINE", "rvn-kawpow"));
    r.setDevices([0, 1, 2, 3], []);
    await r.reconcile(desired(1, "MINE", "rvn-kawpow"));
    expect(driver.calls).toEqual([
      'start rvn-kawpow {"power_limit_pct":85}',
      "stop rvn-kawpow",
      'start rvn-kawpow {"power_limit_pct":85} without 2',
      "stop rvn-kawpow",
      'start rvn-kawpow {"power_limit_pct":85}',
    ]);
    expect(driver.maxConcurrent).toBe(1);
    expect(events.map((e) => e.message)).toContain("switched rvn-kawpow -> rvn-kawpow without GPU 2 (thermal)");
    expect(r.state()).toMatchObject({ mode: "MINE", workload: "rvn-kawpow", phase: "steady" });
  });

  it("leaves the workload alone when the driver cannot take one device out (reported only)", async () => {
    const { r, driver } = setup();
    r.setDevices([0, 1, 2], []);
    await r.reconcile(desired(1, "MINE", "rvn-kawpow"));
    r.setDevices([0, 1, 2], [1]);
    await r.reconcile(desired(1, "MINE", "rvn-kawpow"));
    expect(driver.calls).toEqual(['start rvn-kawpow {"power_limit_pct":85}']);
  });

  it("falls back to the configured safe workload without a desired state", async () => {
    const { r } = setup();
    await r.reconcile(desired(3, "AI", "pytorch"));
    await r.reconcile(null, { fallback: true });
    expect(r.state()).toMatchObject({ mode: "MINE", workload: "rvn-kawpow", phase: "fallback" });
  });
});
