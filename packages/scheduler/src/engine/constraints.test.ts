import { describe, expect, it } from "vitest";
import { checkPlan } from "./check-plan";
import { planEpoch } from "./solve-epoch";
import { asic, decisionOf, engineInput, GB, gpuRig, gpus, job, NOW_MS, site } from "./testing/fixtures";
import type { EngineInput, EnginePlan, Mode, ReasonCode } from "./types";

interface Case {
  name: string;
  input: EngineInput;
  rigId: number;
  mode: Mode;
  workload?: string | null;
  reasonCode: ReasonCode;
  reason: string | RegExp;
  unplaced?: { jobId: number; reason: string | RegExp };
  check?: (plan: EnginePlan) => void;
}

// Three S21s with only the full-power profile: 3 x 3500 W = 10.5 kW IT (11.55 kW facility at
// PUE 1.1); idle they draw 50 W each.
const fullPowerOnly = [{ key: "btc", mode: "MINE" as const }];
const threeAsics = [101, 102, 103].map((id) => asic({ id, hostname: `asic-${id}`, offers: fullPowerOnly }));
// Switching to another profile loses 6 s of a 60 s epoch: 10% of its revenue.
const sixSecondStart = { mineStartSeconds: 0, asicStartSeconds: 6, aiStartSeconds: 0 };

const cases: Case[] = [
  {
    name: "power cap binding: the third miner idles",
    input: engineInput({ sites: [site({ powerCapKw: 8 })], rigs: threeAsics }),
    rigId: 103,
    mode: "IDLE",
    reasonCode: "CAP",
    reason: "site TX-1 at its 8 kW cap",
    check: (plan) => {
      expect(plan.sites[0]).toMatchObject({ binding: true, capKw: 8 });
      expect(plan.sites[0]?.plannedKw).toBeLessThanOrEqual(8);
      expect(plan.decisions.filter((d) => d.mode === "MINE")).toHaveLength(2);
    },
  },
  {
    name: "cooling binding: IT heat limit below the power cap",
    input: engineInput({ sites: [site({ powerCapKw: 100, coolingCapacityKw: 7.2 })], rigs: threeAsics }),
    rigId: 103,
    mode: "IDLE",
    reasonCode: "COOLING",
    reason: "site TX-1 at its 7.2 kW cooling limit",
    check: (plan) => expect(plan.sites[0]?.binding).toBe(true),
  },
  {
    name: "inlet too hot: an idle miner does not start",
    input: engineInput({ rigs: [asic({ inletTempC: 36, current: { mode: "IDLE", workload: null, sinceMs: 0, jobIds: [] } })] }),
    rigId: 100,
    mode: "IDLE",
    reasonCode: "INLET_HOT",
    reason: "inlet 36 C above 32 C limit",
  },
  {
    name: "inlet too hot: a miner may keep mining, but not switch to a hotter profile",
    input: engineInput({ rigs: [asic({ inletTempC: 36, current: { mode: "MINE", workload: "btc-eco", sinceMs: 0, jobIds: [] } })] }),
    rigId: 100,
    mode: "MINE",
    workload: "btc-eco",
    reasonCode: "INLET_HOT",
    reason: "inlet 36 C above 32 C limit",
  },
  {
    name: "GPU too hot: not used for AI",
    input: engineInput({ rigs: [gpuRig({ gpus: gpus(8).map((g) => (g.index === 3 ? { ...g, tempC: 91 } : g)) })], jobs: [job()] }),
    rigId: 1,
    mode: "MINE",
    reasonCode: "GPU_HOT",
    reason: "GPU 3 at 91 C above 85 C limit",
    unplaced: { jobId: 17, reason: "GPU 3 at 91 C above 85 C limit" },
  },
  {
    name: "unhealthy GPU: not used for AI",
    input: engineInput({ rigs: [gpuRig({ gpus: gpus(8).map((g) => (g.index === 2 ? { ...g, healthy: false } : g)) })], jobs: [job()] }),
    rigId: 1,
    mode: "MINE",
    reasonCode: "GPU_UNHEALTHY",
    reason: /^GPU 2 unhealthy: job 17 needs 8 GPUs, rig has 7 usable/,
    unplaced: { jobId: 17, reason: /GPU 2 unhealthy/ },
  },
  {
    name: "VRAM too small",
    input: engineInput({ rigs: [gpuRig({ gpus: gpus(8, "RTX 4090", 12 * GB) })], jobs: [job({ minVramMbPerGpu: 24 * GB })] }),
    rigId: 1,
    mode: "MINE",
    reasonCode: "VRAM_TOO_SMALL",
    reason: "job 17 needs 24 GB per GPU, rig has 12 GB",
    unplaced: { jobId: 17, reason: "job 17 needs 24 GB per GPU, rig gpu-01 has 12 GB" },
  },
  {
    name: "GPU count too small",
    input: engineInput({ rigs: [gpuRig({ gpus: gpus(4) })], jobs: [job({ gpuCount: 8 })] }),
    rigId: 1,
    mode: "MINE",
    reasonCode: "GPU_COUNT_TOO_SMALL",
    reason: "job 17 needs 8 GPUs, rig has 4",
    unplaced: { jobId: 17, reason: "job 17 needs 8 GPUs, rig gpu-01 has 4" },
  },
  {
    name: "GPU model not allowed",
    input: engineInput({ rigs: [gpuRig()], jobs: [job({ gpuModels: ["H100", "A100"] })] }),
    rigId: 1,
    mode: "MINE",
    reasonCode: "MODEL_NOT_ALLOWED",
    reason: "job 17 needs H100 or A100, rig has RTX 4090",
    unplaced: { jobId: 17, reason: "job 17 needs H100 or A100, rig gpu-01 has RTX 4090" },
  },
  {
    name: "runtime not offered",
    input: engineInput({ rigs: [gpuRig()], jobs: [job({ runtime: "slurm" })] }),
    rigId: 1,
    mode: "MINE",
    reasonCode: "RUNTIME_NOT_OFFERED",
    reason: "job 17 needs runtime slurm, which rig does not offer",
    unplaced: { jobId: 17, reason: "no rig offers runtime slurm" },
  },
  {
    name: "offline: keeps its last state, takes nothing new",
    input: engineInput({ rigs: [gpuRig({ online: false, current: { mode: "MINE", workload: "kas-gpu", sinceMs: 0, jobIds: [] } })], jobs: [job()] }),
    rigId: 1,
    mode: "MINE",
    workload: "kas-gpu",
    reasonCode: "OFFLINE",
    reason: "offline: keeping its last state",
    unplaced: { jobId: 17, reason: "offline: keeping its last state" },
    check: (plan) => expect(decisionOf(plan, 1).changed).toBe(false),
  },
  {
    name: "maintenance: idle",
    input: engineInput({ rigs: [asic({ maintenance: true })] }),
    rigId: 100,
    mode: "IDLE",
    reasonCode: "MAINTENANCE",
    reason: "in maintenance",
    check: (plan) => expect(decisionOf(plan, 100).changed).toBe(true),
  },
  {
    name: "pinned: the operator's mode wins over profit",
    input: engineInput({ rigs: [asic({ pinned: { mode: "IDLE", workload: null } })] }),
    rigId: 100,
    mode: "IDLE",
    reasonCode: "PINNED",
    reason: "pinned to IDLE by operator",
  },
  {
    name: "pinned to a workload",
    input: engineInput({ rigs: [asic({ pinned: { mode: "MINE", workload: "btc-eco" } })] }),
    rigId: 100,
    mode: "MINE",
    workload: "btc-eco",
    reasonCode: "PINNED",
    reason: "pinned to MINE/btc-eco by operator",
  },
  {
    name: "dwell: switched 4 min ago, stays idle though mining pays",
    input: engineInput({
      sites: [site({ policy: { minDwellSeconds: 600 } })],
      rigs: [asic({ current: { mode: "IDLE", workload: null, sinceMs: NOW_MS - 240_000, jobIds: [] } })],
    }),
    rigId: 100,
    mode: "IDLE",
    reasonCode: "DWELL",
    reason: "dwell: switched 4 min ago (minimum 10 min)",
  },
  {
    name: "hysteresis: a 6% gain does not beat a 10% margin",
    // eco makes $0.2006/h; full power, less 10% start-up, $0.2135/h: +6.4%.
    input: engineInput({
      sites: [site({ policy: { hysteresisBps: 1000 } })],
      switching: sixSecondStart,
      rigs: [asic({ current: { mode: "MINE", workload: "btc-eco", sinceMs: 0, jobIds: [] } })],
    }),
    rigId: 100,
    mode: "MINE",
    workload: "btc-eco",
    reasonCode: "HYSTERESIS",
    reason: "hysteresis: switching gains $0.013/h, not more than 10% ($0.020/h)",
  },
  {
    name: "hysteresis: a 13% gain switches",
    // At $0.08/TH/day eco makes $0.384/h; full power, less 10% start-up, $0.434/h.
    input: engineInput({
      sites: [site({ policy: { hysteresisBps: 1000 } })],
      switching: sixSecondStart,
      coins: { btc: { usdPerHashPerDay: 0.08e-12 }, kas: { usdPerHashPerDay: 0.4e-9 } },
      rigs: [asic({ current: { mode: "MINE", workload: "btc-eco", sinceMs: 0, jobIds: [] } })],
    }),
    rigId: 100,
    mode: "MINE",
    workload: "btc",
    reasonCode: "BEST_PROFIT",
    reason: "mining btc: $0.434/h, the best option",
    check: (plan) => expect(decisionOf(plan, 100).changed).toBe(true),
  },
  {
    name: "non-preemptible running job is kept though the rig is pinned to mining",
    input: engineInput({
      rigs: [
        gpuRig({
          pinned: { mode: "MINE", workload: null },
          current: { mode: "AI", workload: "vllm", sinceMs: 0, jobIds: [17] },
        }),
      ],
      jobs: [job({ preemptible: false, running: true, placement: { rigId: 1, gpuIndices: [0, 1, 2, 3, 4, 5, 6, 7] } })],
    }),
    rigId: 1,
    mode: "AI",
    workload: "vllm",
    reasonCode: "NON_PREEMPTIBLE",
    reason: "pinned to MINE by operator, but non-preemptible job 17 is running",
    check: (plan) => expect(plan.placements).toEqual([{ jobId: 17, rigId: 1, gpuIndices: [0, 1, 2, 3, 4, 5, 6, 7] }]),
  },
  {
    name: "negative electricity price: mining pays even with almost no revenue",
    input: engineInput({
      sites: [site({ electricityUsdPerMwh: -50 })],
      coins: { btc: { usdPerHashPerDay: 1e-18 }, kas: { usdPerHashPerDay: 1e-15 } },
      rigs: [asic({ current: { mode: "IDLE", workload: null, sinceMs: 0, jobIds: [] } })],
    }),
    rigId: 100,
    mode: "MINE",
    workload: "btc",
    reasonCode: "BEST_PROFIT",
    reason: "mining btc: $0.193/h, the best option", // paid 3500 W x 1.1 x $50/MWh to consume
  },
  {
    name: "price spike: mining would lose money, so idle",
    input: engineInput({ sites: [site({ electricityUsdPerMwh: 5000 })], rigs: [asic()] }),
    rigId: 100,
    mode: "IDLE",
    reasonCode: "UNPROFITABLE",
    reason: "idle: MINE btc-eco would make -$12.89/h at $5000/MWh",
  },
  {
    name: "curtail strike: mining still pays at $80/MWh but the strike is $60",
    input: engineInput({ sites: [site({ electricityUsdPerMwh: 80, policy: { curtailStrikeUsdPerMwh: 60 } })], rigs: [asic()] }),
    rigId: 100,
    mode: "IDLE",
    reasonCode: "CURTAIL_STRIKE",
    reason: "electricity $80/MWh above curtail strike $60/MWh",
  },
  {
    name: "AI job beats mining on a GPU rig",
    input: engineInput({ rigs: [gpuRig({ current: { mode: "MINE", workload: "kas-gpu", sinceMs: 0, jobIds: [] } })], jobs: [job()] }),
    rigId: 1,
    mode: "AI",
    workload: "vllm",
    reasonCode: "BEST_PROFIT",
    reason: "AI vllm: job 17, $2.62/h",
  },
];

describe("planEpoch: one table row per constraint and reason", () => {
  it.each(cases)("$name", (c) => {
    const plan = planEpoch(c.input);
    expect(checkPlan(c.input, plan)).toEqual([]);
    const d = decisionOf(plan, c.rigId);
    expect(d.mode).toBe(c.mode);
    if (c.workload !== undefined) expect(d.workload).toBe(c.workload);
    expect(d.reasonCode).toBe(c.reasonCode);
    if (typeof c.reason === "string") expect(d.reason).toBe(c.reason);
    else expect(d.reason).toMatch(c.reason);
    if (c.unplaced) {
      const u = plan.unplacedJobs.find((x) => x.jobId === c.unplaced?.jobId);
      expect(u, "job should be unplaced").toBeDefined();
      if (typeof c.unplaced.reason === "string") expect(u?.reason).toBe(c.unplaced.reason);
      else expect(u?.reason).toMatch(c.unplaced.reason);
    }
    c.check?.(plan);
  });
});

describe("planEpoch: device model names are data, not object keys", () => {
  // Rates and board powers are looked up by model name: a name that is also a property of every
  // JavaScript object must find nothing, not that property.
  it("a GPU model named 'constructor', an ASIC model named 'toString' and a coin named 'valueOf' get no rate or price, and finite figures", () => {
    const idle = { mode: "IDLE" as const, workload: null, sinceMs: NOW_MS - 86_400_000, jobIds: [] };
    const input = engineInput({
      rigs: [
        gpuRig({ id: 1, gpus: gpus(4, "constructor") }),
        asic({ id: 2, model: "toString", current: idle }),
        asic({ id: 3, offers: [{ key: "odd", mode: "MINE" }], current: idle }),
      ],
      jobs: [job({ id: 7, gpuCount: 2, minVramMbPerGpu: 8 * GB })],
    });
    input.profiles.push({ key: "odd", coin: "valueOf", poolFeeBps: 0, rates: { S21: { hashrateHs: 200e12, powerW: 3500 } } });
    const plan = planEpoch(input);
    expect(checkPlan(input, plan)).toEqual([]);
    for (const d of plan.decisions) {
      for (const x of [d.expectedUsdPerHour, d.revenueUsdPerHour, d.energyUsdPerHour, d.powerW]) expect(Number.isFinite(x)).toBe(true);
      expect(d.mode).not.toBe("MINE");
    }
    for (const d of plan.decisions) for (const a of d.alternatives) expect(Number.isFinite(a.usdPerHour)).toBe(true);
    // None can mine: no MINE option is offered to the solver or shown as an alternative.
    for (const d of plan.decisions) expect(d.alternatives.map((a) => a.mode)).not.toContain("MINE");
    // The job runs on the GPU rig at the default board power: 2 x 300 W on top of the idle 400 W.
    expect(plan.placements.map((p) => p.rigId)).toEqual([1]);
    expect(decisionOf(plan, 1).powerW).toBe(1000);
  });
});
