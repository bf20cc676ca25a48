/**
 * The engine's view of the fleet for one interval: sites with the price to plan on, rigs with
 * their carried state, open rental offers as jobs (a job running on a rig is placed there and
 * running; an on-demand one is not preemptible, so the engine keeps it), one mining profile per coin.
 */
import type { EngineInput, EnginePlan, JobInput, RigInput } from "../engine";
import { AI_RUNTIME, type TFleet } from "./fleet";
import type { TOpenOffer } from "./market";
import type { TScenario } from "./scenario";
import type { TRigPlan, TRigState } from "./types";

/** Thermal limits are not simulated: no temperatures are reported, so these never bind. */
const THERMAL = { maxInletTempC: 35, maxGpuTempC: 83 } as const;

export interface TEngineInputArgs {
  fleet: TFleet;
  state: readonly TRigState[];
  t: number; // unix ms
  intervalSeconds: number;
  usdPerMwh: number[]; // per site, the price to plan on
  usdPerHashPerDay: (coin: string) => number;
  offers: readonly TOpenOffer[];
  switching: TScenario["switching"];
  /**
   * "site": the scenario's dwell and hysteresis, rentals as offered;
   * "relaxed": no dwell, no hysteresis, every rental preemptible (for the upper bound).
   */
  policy: "site" | "relaxed";
}

export function buildEngineInput(args: TEngineInputArgs): EngineInput {
  const { fleet, state } = args;
  const sites = fleet.sites.map((s) => ({
    id: s.id,
    code: s.code,
    powerCapKw: s.powerCapKw,
    coolingCapacityKw: s.coolingCapacityKw,
    pue: s.pue,
    electricityUsdPerMwh: args.usdPerMwh[s.index] as number,
    policy: {
      ...THERMAL,
      minDwellSeconds: args.policy === "site" ? s.policy.minDwellSeconds : 0,
      hysteresisBps: args.policy === "site" ? s.policy.hysteresisBps : 0,
      curtailStrikeUsdPerMwh: null, // the engine's economics decide; no fixed strike
    },
  }));
  const placedOn = new Map<number, { rigId: number; gpuIndices: number[] }>();
  const rigs: RigInput[] = fleet.rigs.map((rig, r) => {
    const s = state[r] as TRigState;
    if (s.mode === "AI") for (const j of s.jobs) placedOn.set(j.jobId, { rigId: rig.id, gpuIndices: j.gpuIndices });
    const offers: RigInput["offers"] = [];
    if (rig.mining) offers.push({ key: rig.mining.profileKey, mode: "MINE" });
    if (rig.gpuCount > 0) offers.push({ key: AI_RUNTIME, mode: "AI" });
    return {
      id: rig.id,
      hostname: rig.hostname,
      siteId: (fleet.sites[rig.siteIndex] as { id: number }).id,
      kind: rig.kind,
      model: rig.model,
      online: true,
      maintenance: false,
      pinned: null,
      gpus: Array.from({ length: rig.gpuCount }, (_, index) => ({ index, model: rig.gpuModel ?? "", vramMb: rig.vramMb, healthy: true })),
      idlePowerW: rig.idlePowerW,
      offers,
      current: { mode: s.mode, workload: s.workload, sinceMs: s.sinceMs, jobIds: s.jobs.map((j) => j.jobId) },
    };
  });
  const jobs: JobInput[] = args.offers.map((o) => {
    const placement = placedOn.get(o.id) ?? null;
    return {
      id: o.id,
      gpuCount: o.gpuCount,
      minVramMbPerGpu: 0,
      gpuModels: [o.gpuModel],
      priceUsdPerGpuHour: o.usdPerGpuHour,
      priority: 0,
      deadlineMs: null,
      preemptible: args.policy === "relaxed" || o.preemptible,
      runtime: AI_RUNTIME,
      placement,
      running: placement !== null,
    };
  });
  const coins: EngineInput["coins"] = {};
  for (const p of fleet.profiles) coins[p.coin] = { usdPerHashPerDay: args.usdPerHashPerDay(p.coin) };
  return {
    nowMs: args.t,
    epochSeconds: args.intervalSeconds,
    sites,
    rigs,
    jobs,
    profiles: fleet.profiles,
    coins,
    switching: args.switching,
    gpuBoardPowerW: fleet.gpuBoardPowerW,
  };
}

/** The engine's plan as one TRigPlan per rig, in fleet order. */
export function plansFromEngine(fleet: TFleet, plan: EnginePlan): TRigPlan[] {
  const byRig = new Map(plan.decisions.map((d) => [d.rigId, d]));
  const jobsByRig = new Map<number, { jobId: number; gpuIndices: number[] }[]>();
  for (const p of plan.placements) {
    const list = jobsByRig.get(p.rigId) ?? [];
    list.push({ jobId: p.jobId, gpuIndices: p.gpuIndices });
    jobsByRig.set(p.rigId, list);
  }
  return fleet.rigs.map((rig) => {
    const d = byRig.get(rig.id);
    if (!d) throw new Error(`the engine returned no decision for rig ${rig.id}`);
    if (d.mode === "IDLE") return { mode: "IDLE", workload: null, jobs: [] };
    if (d.mode === "MINE") return { mode: "MINE", workload: d.workload, jobs: [] };
    return { mode: "AI", workload: d.workload, jobs: jobsByRig.get(rig.id) ?? [] };
  });
}
