/**
 * Simulated hardware for the demo farm and tests: N GPUs of a catalogue model, or an ASIC with
 * three hashboards, with plausible readings that drift over time and follow the workload the
 * rig runs. Deterministic for a given seed and clock.
 */
import type { TDeviceInventory, TDeviceReading, TRigKind, TWorkMode } from "@rigshift/protocol";
import type { SimulatedHardware, TInventory, TSnapshot } from "./backend";

export interface TSimulatedRigSpec {
  kind: TRigKind;
  model: string;
  /** GPUs in a GPU rig; hashboards of an ASIC (usually 3). */
  deviceCount: number;
  /** Per device: GPU board power or ASIC wall power / boards (W). */
  devicePowerW: number;
  /** GPU memory (MiB); 0 for hashboards. */
  vramMb: number;
  /** Per device when mining, H/s. */
  miningHashrateHs: number;
  seed: number;
  /** Clock in unix ms; injectable for tests. */
  now?: () => number;
}

/** Small deterministic PRNG (mulberry32) so a simulated rig reads the same for the same seed. */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const round1 = (x: number) => Math.round(x * 10) / 10;

export function createSimulatedBackend(spec: TSimulatedRigSpec): SimulatedHardware {
  const random = prng(spec.seed);
  const now = spec.now ?? Date.now;
  let activity: { mode: TWorkMode; running: boolean; disabledDevices: number[] } = { mode: "IDLE", running: false, disabledDevices: [] };
  const isGpu = spec.kind === "GPU_RIG";
  // Each device has its own character: some run hotter, some draw a little more.
  const offsets = Array.from({ length: spec.deviceCount }, () => ({ temp: (random() - 0.5) * 6, power: 1 + (random() - 0.5) * 0.06 }));

  function deviceReading(index: number, t: number): TDeviceReading {
    const o = offsets[index] ?? { temp: 0, power: 1 };
    const busy = activity.running && !activity.disabledDevices.includes(index) && activity.mode !== "IDLE";
    const wave = Math.sin(t / 90_000 + index) * 1.5 + (random() - 0.5);
    // ASICs draw their nameplate power while hashing; GPUs run below their board limit.
    const load = !busy ? 0.08 : !isGpu ? 1 : activity.mode === "AI" ? 0.9 : 0.75;
    const powerW = round1(spec.devicePowerW * load * o.power + wave);
    if (!isGpu) {
      const chipTempC = round1(busy ? 68 + o.temp + wave : 30 + o.temp / 2);
      return {
        index,
        kind: "HASHBOARD",
        tempC: round1(chipTempC - 8),
        chipTempC,
        powerW: Math.max(0, busy ? powerW : 5),
        hashrateHs: busy ? Math.max(0, spec.miningHashrateHs * (1 + (random() - 0.5) * 0.03)) : 0,
        errors: 0,
      };
    }
    const tempC = round1(busy ? (activity.mode === "AI" ? 72 : 64) + o.temp + wave : 36 + o.temp / 2 + wave / 2);
    return {
      index,
      kind: "GPU",
      uuid: `GPU-sim-${spec.seed.toString(16)}-${index}`,
      model: spec.model,
      tempC,
      memTempC: round1(tempC + (busy ? 14 : 4)),
      powerW: Math.max(0, powerW),
      powerLimitW: spec.devicePowerW,
      utilPct: busy ? Math.min(100, round1((activity.mode === "AI" ? 92 : 100) + wave)) : 0,
      vramTotalMb: spec.vramMb,
      vramUsedMb: busy ? Math.round(spec.vramMb * (activity.mode === "AI" ? 0.82 : 0.3)) : 0,
      fanPct: Math.min(100, Math.max(30, Math.round(tempC))),
      coreClockMhz: busy ? 1695 : 210,
      memClockMhz: busy ? 9501 : 405,
      hashrateHs: busy && activity.mode === "MINE" ? spec.miningHashrateHs * (1 + (random() - 0.5) * 0.02) : undefined,
      errors: 0,
      pstate: busy ? "P2" : "P8",
    };
  }

  return {
    name: "simulated",
    setActivity(next) {
      activity = { ...next, disabledDevices: next.disabledDevices ?? [] };
    },
    async inventory(): Promise<TInventory> {
      const devices: TDeviceInventory[] = Array.from({ length: spec.deviceCount }, (_, index) =>
        isGpu
          ? { index, kind: "GPU", uuid: `GPU-sim-${spec.seed.toString(16)}-${index}`, model: spec.model, vramMb: spec.vramMb, powerLimitW: spec.devicePowerW }
          : { index, kind: "HASHBOARD", model: `${spec.model} hashboard`, nominalThs: spec.miningHashrateHs / 1e12, nominalW: spec.devicePowerW },
      );
      return { kind: spec.kind, model: spec.model, devices };
    },
    async read(): Promise<TSnapshot> {
      const t = now();
      const devices = Array.from({ length: spec.deviceCount }, (_, i) => deviceReading(i, t));
      const devicePowerW = devices.reduce((a, d) => a + (d.powerW ?? 0), 0);
      const hashrateHs = devices.reduce((a, d) => a + (d.hashrateHs ?? 0), 0);
      // Host overhead: CPU, board, fans, PSU losses (GPU rigs); controller and fans (ASICs).
      const overheadW = isGpu ? 120 + devicePowerW * 0.06 : 25;
      const inletTempC = round1(24 + 4 * Math.sin(t / 3_600_000) + (random() - 0.5));
      return {
        rig: {
          powerW: round1(devicePowerW + overheadW),
          cpuLoadPct: isGpu ? round1(5 + random() * 10) : undefined,
          memUsedMb: isGpu ? 3100 + Math.round(random() * 400) : undefined,
          memTotalMb: isGpu ? 15_872 : undefined,
          inletTempC,
          hashrateHs: isGpu ? hashrateHs || undefined : hashrateHs,
        },
        devices,
        problems: [],
      };
    },
  };
}
