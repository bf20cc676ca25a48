import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createSimulatedBackend, type SimulatedHardware } from "@rigshift/hardware";
import type { TDeviceReading } from "@rigshift/protocol";
import { afterEach, describe, expect, it } from "vitest";
import { Agent } from "./agent";
import { parseConfig } from "./config";
import { silentLogger } from "./log";
import { startFakeControlPlane } from "./testing/fake-control-plane";
import { deviceTempC, ThermalGuard, thermalStep } from "./thermal-guard";
import { SimulatedDriver } from "./workloads/simulated";

const limits = { gpuCriticalC: 90, resumeBelowC: 80 };
const gpu = (index: number, tempC?: number): TDeviceReading => ({ index, kind: "GPU", ...(tempC === undefined ? {} : { tempC }) });
const board = (index: number, chipTempC?: number, tempC?: number): TDeviceReading => ({ index, kind: "HASHBOARD", chipTempC, tempC });

describe("thermalStep", () => {
  const cases: [string, number[], TDeviceReading[], { excluded: number[]; trips: number[]; resumes: number[] }][] = [
    ["all cool: nothing happens", [], [gpu(0, 60), gpu(1, 70)], { excluded: [], trips: [], resumes: [] }],
    ["one GPU above the limit is taken out alone", [], [gpu(0, 60), gpu(1, 91), gpu(2, 70)], { excluded: [1], trips: [1], resumes: [] }],
    ["exactly at the limit is not above it", [], [gpu(0, 90)], { excluded: [], trips: [], resumes: [] }],
    ["a tripped GPU between the thresholds stays out (hysteresis)", [1], [gpu(1, 85)], { excluded: [1], trips: [], resumes: [] }],
    ["a tripped GPU at the resume threshold stays out", [1], [gpu(1, 80)], { excluded: [1], trips: [], resumes: [] }],
    ["a tripped GPU below the resume threshold goes back", [1], [gpu(1, 79.5)], { excluded: [], trips: [], resumes: [1] }],
    ["N/A is not 0 C: a tripped GPU without a temperature stays out", [1], [gpu(1)], { excluded: [1], trips: [], resumes: [] }],
    ["N/A is not hot either: a GPU without a temperature is not tripped", [], [gpu(0)], { excluded: [], trips: [], resumes: [] }],
    ["a tripped GPU missing from the reading (probe failed) stays out", [1], [gpu(0, 60)], { excluded: [1], trips: [], resumes: [] }],
    ["a hot GPU already out trips once, not again", [1], [gpu(1, 99)], { excluded: [1], trips: [], resumes: [] }],
    ["trip and resume in one reading", [0], [gpu(0, 50), gpu(3, 95)], { excluded: [3], trips: [3], resumes: [0] }],
    ["a hashboard goes by its hottest chip", [], [board(0, 92, 70), board(1, 85, 91)], { excluded: [0], trips: [0], resumes: [] }],
    ["a hashboard without chip temperatures goes by its board sensor", [], [board(2, undefined, 93)], { excluded: [2], trips: [2], resumes: [] }],
  ];
  for (const [name, before, devices, expected] of cases) {
    it(name, () => {
      const step = thermalStep({ excluded: before, devices, limits });
      expect({ excluded: step.excluded, trips: step.trips.map((t) => t.index), resumes: step.resumes.map((r) => r.index) }).toEqual(expected);
    });
  }

  it("ignores a temperature that is not a finite number", () => {
    expect(deviceTempC({ index: 0, kind: "GPU", tempC: Number.NaN })).toBeUndefined();
  });
});

describe("ThermalGuard", () => {
  const setup = (canExclude = true) => {
    const events: { type: string; severity: string; message: string; data?: Record<string, unknown> }[] = [];
    const stateFile = path.join(mkdtempSync(path.join(tmpdir(), "thermal-")), "thermal.json");
    const make = () =>
      new ThermalGuard({ limits, canExclude, stateFile, emit: (type, severity, message, data) => events.push({ type, severity, message, data }), log: silentLogger });
    return { events, make };
  };

  it("reports each trip (CRITICAL) and resume (INFO) with the device and its temperature", () => {
    const { events, make } = setup();
    const guard = make();
    guard.start();
    expect(guard.observe([gpu(0, 60), gpu(1, 95)])).toBe(true);
    expect(guard.observe([gpu(0, 60), gpu(1, 95)])).toBe(false);
    expect(guard.observe([gpu(0, 60), gpu(1, 70)])).toBe(true);
    expect(events.map((e) => [e.type, e.severity, e.data?.device, e.data?.tempC])).toEqual([
      ["thermal.trip", "CRITICAL", 1, 95],
      ["thermal.resume", "INFO", 1, 70],
    ]);
  });

  it("remembers a tripped device across a restart", () => {
    const { make } = setup();
    const first = make();
    first.start();
    first.observe([gpu(2, 97)]);
    const second = make();
    second.start();
    expect(second.excluded()).toEqual([2]);
  });

  it("says so when the rig cannot take one device out", () => {
    const { events, make } = setup(false);
    const guard = make();
    guard.start();
    guard.observe([board(1, 99)]);
    expect(events[0]?.message).toMatch(/hashboard 1 at 99 C .* reported only/);
    expect(events[0]?.data?.excluded).toBe(false);
  });
});

describe("Agent with a hot GPU (simulated rig)", () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  /** A simulated 4-GPU rig whose temperatures the test sets (undefined: the GPU reports N/A), and the activity it was told. */
  function scriptedRig() {
    const sim = createSimulatedBackend({ kind: "GPU_RIG", model: "RTX 3090", deviceCount: 4, devicePowerW: 350, vramMb: 24576, miningHashrateHs: 45e6, seed: 5 });
    const temps = new Map<number, number | undefined>();
    const activity: Parameters<SimulatedHardware["setActivity"]>[0][] = [];
    const rig: SimulatedHardware = {
      name: "scripted",
      inventory: () => sim.inventory(),
      async read() {
        const snapshot = await sim.read();
        for (const d of snapshot.devices) {
          if (!temps.has(d.index)) continue;
          const t = temps.get(d.index);
          if (t === undefined) delete d.tempC;
          else d.tempC = t;
        }
        return snapshot;
      },
      setActivity(a) {
        activity.push(a);
        sim.setActivity(a);
      },
    };
    return { rig, temps, activity };
  }

  it("restarts the workload without the hot GPU, keeps it out through N/A and the hysteresis band, and puts it back once cool", async () => {
    const cp = await startFakeControlPlane({ desired: { generation: 1, mode: "MINE", workload: "rvn-kawpow", params: {}, jobs: [] } });
    cleanups.push(() => cp.close());
    const config = parseConfig({
      controlPlaneUrl: cp.url,
      enrollmentToken: "fake-enrollment-token-thermal",
      stateDir: mkdtempSync(path.join(tmpdir(), "rigshift-thermal-")),
      sampleIntervalSeconds: 3600,
      reportIntervalSeconds: 3600,
      hardware: { backend: "simulated", kind: "GPU_RIG", model: "RTX 3090", deviceCount: 4, devicePowerW: 350, miningHashrateHs: 45e6 },
      workloads: [{ key: "rvn-kawpow", mode: "MINE" }],
    });
    const { rig, temps, activity } = scriptedRig();
    const agent = new Agent({ config, backend: rig, driver: new SimulatedDriver(rig, 0), log: silentLogger });
    cleanups.push(() => agent.stop());
    await agent.start();
    const last = () => activity.at(-1);
    expect(last()).toMatchObject({ mode: "MINE", running: true, disabledDevices: [] });

    temps.set(2, 96);
    await agent.sample();
    expect(last()).toMatchObject({ mode: "MINE", running: true, disabledDevices: [2] });
    expect(agent.reportedState()).toMatchObject({ mode: "MINE", workload: "rvn-kawpow" });

    for (const t of [85, undefined, 80]) {
      temps.set(2, t);
      await agent.sample();
      expect(last()?.disabledDevices).toEqual([2]);
    }

    temps.set(2, 72);
    await agent.sample();
    expect(last()).toMatchObject({ mode: "MINE", running: true, disabledDevices: [] });

    await agent.report();
    const events = cp.rigs.get(1)?.events.filter((e) => e.type.startsWith("thermal.")) ?? [];
    expect(events.map((e) => [e.type, e.severity, e.data?.device, e.data?.tempC])).toEqual([
      ["thermal.trip", "CRITICAL", 2, 96],
      ["thermal.resume", "INFO", 2, 72],
    ]);
  });

  it("stops the workload when every GPU it may use is too hot, and starts it again when one cools", async () => {
    const cp = await startFakeControlPlane({ desired: { generation: 1, mode: "AI", workload: "pytorch", params: {}, jobs: [{ jobId: 9, gpuIndices: [0, 1] }] } });
    cleanups.push(() => cp.close());
    const config = parseConfig({
      controlPlaneUrl: cp.url,
      enrollmentToken: "fake-enrollment-token-thermal",
      stateDir: mkdtempSync(path.join(tmpdir(), "rigshift-thermal-")),
      sampleIntervalSeconds: 3600,
      reportIntervalSeconds: 3600,
      hardware: { backend: "simulated", kind: "GPU_RIG", model: "RTX 3090", deviceCount: 4, devicePowerW: 350, miningHashrateHs: 45e6 },
      workloads: [{ key: "pytorch", mode: "AI" }],
    });
    const { rig, temps, activity } = scriptedRig();
    const agent = new Agent({ config, backend: rig, driver: new SimulatedDriver(rig, 0), log: silentLogger });
    cleanups.push(() => agent.stop());
    await agent.start();

    // GPU 3 is not the job's: its trip changes nothing for the job.
    temps.set(3, 95);
    const before = activity.length;
    await agent.sample();
    expect(activity.length).toBe(before);

    temps.set(0, 95);
    await agent.sample();
    expect(activity.at(-1)).toMatchObject({ mode: "AI", running: true, disabledDevices: [0] });
    temps.set(1, 95);
    await agent.sample();
    expect(activity.at(-1)).toMatchObject({ running: false });
    expect(agent.reportedState()).toMatchObject({ mode: "IDLE", workload: null });

    temps.set(0, 60);
    await agent.sample();
    expect(activity.at(-1)).toMatchObject({ mode: "AI", running: true, disabledDevices: [1] });
    expect(agent.reportedState()).toMatchObject({ mode: "AI", workload: "pytorch" });
  });
});
