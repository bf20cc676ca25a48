import { describe, expect, it } from "vitest";
import type { TFleet, TFleetRig } from "./fleet";
import type { TRealised } from "./market";
import { settleInterval, type TSettleArgs, type TSettleOffer } from "./settle";
import type { TRigPlan, TRigState } from "./types";

// One S21-like ASIC (200 TH/s, 3500 W, 2% pool fee) and one 8-GPU rig (400 W idle, 450 W a GPU
// for AI), at a site with PUE 1.1. Hashprice $0.05/TH/day: the ASIC earns $10/day before the fee.
const T0 = Date.UTC(2024, 7, 20, 5);
const asic: TFleetRig = {
  id: 1,
  hostname: "asic-1",
  siteIndex: 0,
  kind: "ASIC",
  model: "S21",
  gpuModel: null,
  gpuCount: 0,
  vramMb: 0,
  idlePowerW: 25,
  mining: { coin: "BTC", profileKey: "mine-btc", poolFeeBps: 200, hashrateHs: 200e12, powerW: 3500, startSeconds: 120 },
  aiPowerWPerGpu: null,
  group: 0,
};
const gpuRig: TFleetRig = {
  ...asic,
  id: 2,
  hostname: "gpu-1",
  kind: "GPU_RIG",
  model: "8x RTX 4090",
  gpuModel: "RTX 4090",
  gpuCount: 8,
  idlePowerW: 400,
  mining: null,
  aiPowerWPerGpu: 450,
};
const fleet = (rigs: TFleetRig[], limitItW = 1e9): TFleet => ({
  sites: [{ index: 0, id: 1, code: "TX", powerCapKw: 1000, coolingCapacityKw: 1000, pue: 1.1, limitItW, policy: { minDwellSeconds: 0, hysteresisBps: 0 } }],
  rigs,
  profiles: [],
  gpuBoardPowerW: {},
});
const realised = (usdPerMwh: number): TRealised => ({ usdPerMwh: [usdPerMwh], gapFill: ["none"], usdPerHashPerDay: { BTC: 0.05e-12 }, staleCoin: false });
const MINE: TRigPlan = { mode: "MINE", workload: "mine-btc", jobs: [] };
const IDLE: TRigPlan = { mode: "IDLE", workload: null, jobs: [] };
const state = (plan: TRigPlan): TRigState => ({ ...plan, sinceMs: T0 - 86_400_000 });
const job: TSettleOffer = { gpuModel: "RTX 4090", gpuCount: 8, usdPerGpuHour: 0.35, preemptible: true };

function settleOneHour(over: Partial<TSettleArgs>) {
  return settleInterval({
    fleet: fleet([asic]),
    plans: [MINE],
    previous: [state(MINE)],
    realised: realised(40),
    offers: new Map(),
    t: T0,
    intervalSeconds: 3600,
    aiStartSeconds: 300,
    upperBound: false,
    ...over,
  });
}

describe("settleInterval: one hour, hand-computed, in micro-dollars", () => {
  it("mines at $40/MWh: $10/day x 1/24 x 0.98 revenue, 3.5 kW x 1.1 x $0.04/kWh energy", () => {
    const s = settleOneHour({});
    expect(s.miningMicroUsd).toBe(408_333n); // 10 / 24 * 0.98 = 0.408333
    expect(s.energyMicroUsd).toBe(154_000n); // 3.85 kWh * $0.04
    expect(s.aiMicroUsd).toBe(0n);
    expect(s.switches).toBe(0);
    expect(s.curtailedRigSeconds).toBe(0);
  });

  it("a negative price pays the rig for the energy it draws", () => {
    const s = settleOneHour({ realised: realised(-20) });
    expect(s.energyMicroUsd).toBe(-77_000n); // 3.85 kWh * -$0.02
    expect(s.miningMicroUsd - s.energyMicroUsd).toBe(485_333n);
  });

  it("a switch into mining earns nothing for the start-up seconds but pays the whole hour's energy", () => {
    const s = settleOneHour({ previous: [state(IDLE)] });
    expect(s.miningMicroUsd).toBe(394_722n); // 10 * (3600 - 120) / 86400 * 0.98
    expect(s.energyMicroUsd).toBe(154_000n);
    expect(s.switches).toBe(1);
    expect(s.next[0]).toMatchObject({ mode: "MINE", sinceMs: T0 });
  });

  it("an upper bound earns from the first second of a switch", () => {
    expect(settleOneHour({ previous: [state(IDLE)], upperBound: true }).miningMicroUsd).toBe(408_333n);
  });

  it("idling a rig that could mine draws idle power and counts as curtailed", () => {
    const s = settleOneHour({ plans: [IDLE] });
    expect(s.miningMicroUsd).toBe(0n);
    expect(s.energyMicroUsd).toBe(1_100n); // 25 W * 1.1 * 1 h * $0.04/kWh
    expect(s.curtailedRigSeconds).toBe(3600);
    expect(s.switches).toBe(1);
  });

  it("a new rental earns its price less the AI start-up; a kept one the whole hour", () => {
    const rented: TRigPlan = { mode: "AI", workload: "rental", jobs: [{ jobId: 7, gpuIndices: [0, 1, 2, 3, 4, 5, 6, 7] }] };
    const args = { fleet: fleet([gpuRig]), plans: [rented], offers: new Map([[7, job]]) };
    const fresh = settleOneHour({ ...args, previous: [state(IDLE)] });
    expect(fresh.aiMicroUsd).toBe(2_566_667n); // 8 * 0.35 * (3600 - 300) / 3600
    expect(fresh.energyMicroUsd).toBe(176_000n); // (400 + 8 * 450) W * 1.1 * $0.04/kWh
    const kept = settleOneHour({ ...args, previous: [{ ...rented, sinceMs: T0 - 3600_000 }] });
    expect(kept.aiMicroUsd).toBe(2_800_000n);
    expect(kept.switches).toBe(0);
  });

  it("rejects a plan above the site's limit, or one that stops an on-demand rental", () => {
    expect(() => settleOneHour({ fleet: fleet([asic], 3000) })).toThrow(/site TX: 3.5 kW IT planned, the limit is 3.0 kW/);
    const rented: TRigPlan = { mode: "AI", workload: "rental", jobs: [{ jobId: 7, gpuIndices: [0, 1, 2, 3, 4, 5, 6, 7] }] };
    const onDemand = new Map([[7, { ...job, preemptible: false }]]);
    expect(() => settleOneHour({ fleet: fleet([gpuRig]), plans: [IDLE], previous: [state(rented)], offers: onDemand })).toThrow(/on-demand rental\(s\) 7 stopped/);
  });
});
