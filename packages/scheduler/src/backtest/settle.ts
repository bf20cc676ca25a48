/**
 * Settlement of one interval at what actually happened: energy at the realised electricity
 * price (negative prices pay), mining at the day's coin value less the pool fee, rentals at
 * their price. Money in integer micro-dollars, rounded once per rig and interval.
 * A switch earns nothing for its start-up seconds (mining: per rig; AI: per newly started
 * job) but draws the new mode's power for the whole interval, as the engine assumes.
 */
import type { TFleet, TFleetRig } from "./fleet";
import type { TRealised } from "./market";
import type { TRigPlan, TRigState } from "./types";

export interface TSettleOffer {
  gpuModel: string;
  gpuCount: number;
  usdPerGpuHour: number;
  preemptible: boolean;
}

export interface TSettleArgs {
  fleet: TFleet;
  plans: readonly TRigPlan[];
  previous: readonly TRigState[];
  realised: TRealised;
  offers: ReadonlyMap<number, TSettleOffer>; // open at t for this strategy
  t: number; // unix ms, start of the interval
  intervalSeconds: number;
  aiStartSeconds: number;
  /** An upper bound: switches earn from the first second and on-demand rentals may be stopped. */
  upperBound: boolean;
}

export interface TSettlement {
  miningMicroUsd: bigint;
  aiMicroUsd: bigint;
  energyMicroUsd: bigint;
  switches: number; // rigs whose mode or workload changed
  curtailedRigSeconds: number; // rigs not working while work was there for them
  preempted: number; // running rentals stopped while still offered
  next: TRigState[];
}

/** IT power of a rig running a plan (W): the same figures the engine plans with. */
export function planPowerW(rig: TFleetRig, plan: TRigPlan, offers: ReadonlyMap<number, TSettleOffer>): number {
  if (plan.mode === "MINE") return rig.mining?.powerW ?? rig.idlePowerW;
  if (plan.mode === "IDLE") return rig.idlePowerW;
  let gpus = 0;
  for (const j of plan.jobs) gpus += offers.get(j.jobId)?.gpuCount ?? 0;
  return rig.idlePowerW + gpus * (rig.aiPowerWPerGpu ?? 0);
}

export function settleInterval(args: TSettleArgs): TSettlement {
  const { fleet, plans, previous, realised, offers, intervalSeconds: seconds } = args;
  checkPlans(args);
  let mining = 0n;
  let ai = 0n;
  let energy = 0n;
  let switches = 0;
  let curtailed = 0;
  const untaken = untakenOffersByModel(plans, offers);
  const next: TRigState[] = [];

  fleet.rigs.forEach((rig, r) => {
    const plan = plans[r] as TRigPlan;
    const prev = previous[r] as TRigState;
    const site = fleet.sites[rig.siteIndex];
    if (!site) throw new Error(`rig ${rig.id}: no site ${rig.siteIndex}`);
    const switched = plan.mode !== prev.mode || plan.workload !== prev.workload;
    if (switched) switches += 1;

    const powerW = planPowerW(rig, plan, offers);
    // W x PUE x s / 3600 = facility Wh; x USD/MWh / 1e6 = USD; x 1e6 = micro-USD.
    energy += micro((powerW * site.pue * seconds * (realised.usdPerMwh[rig.siteIndex] as number)) / 3600);

    if (plan.mode === "MINE" && rig.mining) {
      const earning = Math.max(0, seconds - (switched && !args.upperBound ? rig.mining.startSeconds : 0));
      const usdPerHashPerDay = realised.usdPerHashPerDay[rig.mining.coin] ?? 0;
      mining += micro(((rig.mining.hashrateHs * usdPerHashPerDay * earning) / 86_400) * (1 - rig.mining.poolFeeBps / 10_000) * 1e6);
    }
    const kept = new Set(prev.mode === "AI" ? prev.jobs.map((j) => j.jobId) : []);
    for (const j of plan.jobs) {
      const offer = offers.get(j.jobId) as TSettleOffer;
      const earning = Math.max(0, seconds - (kept.has(j.jobId) || args.upperBound ? 0 : args.aiStartSeconds));
      ai += micro(((offer.gpuCount * offer.usdPerGpuHour * earning) / 3600) * 1e6);
    }

    const working = plan.mode === "MINE" || plan.jobs.length > 0;
    if (!working) {
      const model = rig.gpuModel ?? "";
      if (rig.mining) curtailed += seconds;
      else if ((untaken.get(model) ?? 0) > 0) {
        untaken.set(model, (untaken.get(model) ?? 0) - 1);
        curtailed += seconds;
      }
    }
    next.push({ mode: plan.mode, workload: plan.workload, jobs: plan.jobs, sinceMs: switched ? args.t : prev.sinceMs });
  });
  return { miningMicroUsd: mining, aiMicroUsd: ai, energyMicroUsd: energy, switches, curtailedRigSeconds: curtailed, preempted: preemptedJobs(args).length, next };
}

/** Jobs that ran last interval, are still offered, and run nowhere now. */
function preemptedJobs({ plans, previous, offers }: TSettleArgs): number[] {
  const running = new Set(plans.flatMap((p) => p.jobs.map((j) => j.jobId)));
  return previous.flatMap((s) => s.jobs.map((j) => j.jobId)).filter((id) => offers.has(id) && !running.has(id));
}

function micro(microUsd: number): bigint {
  if (!Number.isFinite(microUsd)) throw new Error(`settlement produced ${microUsd}: a price or rate is not a number`);
  return BigInt(Math.round(microUsd));
}

function untakenOffersByModel(plans: readonly TRigPlan[], offers: ReadonlyMap<number, TSettleOffer>): Map<string, number> {
  const placed = new Set(plans.flatMap((p) => p.jobs.map((j) => j.jobId)));
  const out = new Map<string, number>();
  for (const [id, o] of offers) if (!placed.has(id)) out.set(o.gpuModel, (out.get(o.gpuModel) ?? 0) + 1);
  return out;
}

/** A strategy must not break the fleet's rules; a plan that does is a bug, not a result. */
function checkPlans(args: TSettleArgs): void {
  const { fleet, plans, offers } = args;
  if (!args.upperBound) {
    const stopped = preemptedJobs(args).filter((id) => !offers.get(id)?.preemptible);
    if (stopped.length) throw new Error(`on-demand rental(s) ${stopped.join(", ")} stopped while still offered`);
  }
  if (plans.length !== fleet.rigs.length) throw new Error(`plan covers ${plans.length} rigs, the fleet has ${fleet.rigs.length}`);
  const siteW = new Float64Array(fleet.sites.length);
  const seen = new Set<number>();
  fleet.rigs.forEach((rig, r) => {
    const plan = plans[r] as TRigPlan;
    const bad = (why: string) => new Error(`rig ${rig.hostname}: ${why}`);
    if (plan.mode === "MINE" && plan.workload !== rig.mining?.profileKey) throw bad(`cannot mine ${plan.workload}`);
    if (plan.mode !== "AI" && plan.jobs.length > 0) throw bad(`${plan.mode} with jobs`);
    let gpus = 0;
    for (const j of plan.jobs) {
      const offer = offers.get(j.jobId);
      if (!offer) throw bad(`job ${j.jobId} is not on offer`);
      if (seen.has(j.jobId)) throw bad(`job ${j.jobId} is on two rigs`);
      seen.add(j.jobId);
      if (offer.gpuModel !== rig.gpuModel) throw bad(`job ${j.jobId} wants ${offer.gpuModel}`);
      if (j.gpuIndices.length !== offer.gpuCount) throw bad(`job ${j.jobId} needs ${offer.gpuCount} GPUs, got ${j.gpuIndices.length}`);
      gpus += offer.gpuCount;
    }
    if (gpus > rig.gpuCount) throw bad(`${gpus} GPUs rented, it has ${rig.gpuCount}`);
    siteW[rig.siteIndex] = (siteW[rig.siteIndex] ?? 0) + planPowerW(rig, plan, offers);
  });
  for (const site of fleet.sites) {
    const w = siteW[site.index] ?? 0;
    if (w > site.limitItW + 1e-6) throw new Error(`site ${site.code}: ${(w / 1000).toFixed(1)} kW IT planned, the limit is ${(site.limitItW / 1000).toFixed(1)} kW`);
  }
}
