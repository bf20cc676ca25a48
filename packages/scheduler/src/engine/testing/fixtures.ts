import type { EngineInput, EnginePlan, GpuInput, JobInput, RigDecision, RigInput, SiteInput } from "../types";

/**
 * Small hand-made farms for table tests. At the defaults ($40/MWh, PUE 1.1, hashprice
 * $0.05/TH/day, no start-up losses): an S21 (200 TH/s, 3500 W) earns $0.408/h and pays $0.154/h
 * for power; in its eco profile (150 TH/s, 2400 W) $0.306/h and $0.106/h. An 8x RTX 4090 rig
 * mining kas earns $0.158/h for $0.116/h of power; running job 17 (8 GPUs at $0.35) $2.80/h
 * for $0.176/h.
 */
export const NOW_MS = Date.UTC(2026, 10, 23, 12, 0, 0);
export const GB = 1024;

export function site(over: Partial<Omit<SiteInput, "policy">> & { policy?: Partial<SiteInput["policy"]> } = {}): SiteInput {
  const { policy, ...rest } = over;
  return {
    id: 1,
    code: "TX-1",
    powerCapKw: 1000,
    coolingCapacityKw: 1000,
    pue: 1.1,
    electricityUsdPerMwh: 40,
    ...rest,
    policy: { maxInletTempC: 32, maxGpuTempC: 85, minDwellSeconds: 0, hysteresisBps: 0, curtailStrikeUsdPerMwh: null, ...policy },
  };
}

export function gpus(count: number, model = "RTX 4090", vramMb = 24 * GB): GpuInput[] {
  return Array.from({ length: count }, (_, index) => ({ index, model, vramMb, healthy: true, tempC: 60 }));
}

export function gpuRig(over: Partial<RigInput> = {}): RigInput {
  return {
    id: 1,
    hostname: "gpu-01",
    siteId: 1,
    kind: "GPU_RIG",
    model: "8x RTX 4090",
    online: true,
    maintenance: false,
    pinned: null,
    gpus: gpus(8),
    inletTempC: 25,
    idlePowerW: 400,
    offers: [
      { key: "kas-gpu", mode: "MINE" },
      { key: "vllm", mode: "AI" },
    ],
    current: { mode: "IDLE", workload: null, sinceMs: NOW_MS - 86_400_000, jobIds: [] },
    ...over,
  };
}

export function asic(over: Partial<RigInput> = {}): RigInput {
  return {
    id: 100,
    hostname: "asic-100",
    siteId: 1,
    kind: "ASIC",
    model: "S21",
    online: true,
    maintenance: false,
    pinned: null,
    gpus: [],
    inletTempC: 25,
    idlePowerW: 50,
    offers: [
      { key: "btc", mode: "MINE" },
      { key: "btc-eco", mode: "MINE" },
    ],
    current: { mode: "MINE", workload: "btc", sinceMs: NOW_MS - 86_400_000, jobIds: [] },
    ...over,
  };
}

export function job(over: Partial<JobInput> = {}): JobInput {
  return {
    id: 17,
    gpuCount: 8,
    minVramMbPerGpu: 16 * GB,
    gpuModels: [],
    priceUsdPerGpuHour: 0.35,
    priority: 0,
    deadlineMs: null,
    preemptible: true,
    runtime: "vllm",
    placement: null,
    running: false,
    ...over,
  };
}

export function engineInput(over: Partial<EngineInput> = {}): EngineInput {
  return {
    nowMs: NOW_MS,
    epochSeconds: 60,
    sites: [site()],
    rigs: [],
    jobs: [],
    profiles: [
      { key: "btc", coin: "btc", poolFeeBps: 200, rates: { S21: { hashrateHs: 200e12, powerW: 3500 } } },
      { key: "btc-eco", coin: "btc", poolFeeBps: 200, rates: { S21: { hashrateHs: 150e12, powerW: 2400 } } },
      { key: "kas-gpu", coin: "kas", poolFeeBps: 100, rates: { "RTX 4090": { hashrateHs: 1.2e9, powerW: 280 } } },
    ],
    coins: { btc: { usdPerHashPerDay: 0.05e-12 }, kas: { usdPerHashPerDay: 0.4e-9 } },
    switching: { mineStartSeconds: 0, asicStartSeconds: 0, aiStartSeconds: 0 },
    gpuBoardPowerW: { "RTX 4090": 450, "RTX 3090": 350, A100: 400, H100: 700 },
    ...over,
  };
}

export function decisionOf(plan: EnginePlan, rigId: number): RigDecision {
  const d = plan.decisions.find((x) => x.rigId === rigId);
  if (!d) throw new Error(`no decision for rig ${rigId}`);
  return d;
}
