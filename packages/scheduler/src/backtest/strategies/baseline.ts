/**
 * What the simple strategies share: mine or idle, take rentals as offered, and stay under each
 * site's limit by idling the rigs that earn least per watt at the expected prices.
 */
import { AI_RUNTIME, type TFleet, type TFleetRig } from "../fleet";
import type { TMarketView } from "../market";
import { planPowerW, type TSettleOffer } from "../settle";
import type { TPlacedJob, TRigPlan, TRigState } from "../types";

export const IDLE: TRigPlan = { mode: "IDLE", workload: null, jobs: [] };

export function minePlan(rig: TFleetRig): TRigPlan {
  return rig.mining ? { mode: "MINE", workload: rig.mining.profileKey, jobs: [] } : IDLE;
}

/**
 * Every open offer gets a rig: one already running it keeps it, then its home rig, then the
 * first rig of its GPU model with enough free GPUs. Returns the jobs per rig index.
 */
export function takeEveryRental(fleet: TFleet, view: TMarketView, state: readonly TRigState[]): TPlacedJob[][] {
  const free = fleet.rigs.map((rig) => Array.from({ length: rig.gpuCount }, (_, i) => i));
  const jobs: TPlacedJob[][] = fleet.rigs.map(() => []);
  const open = new Map(view.offers.map((o) => [o.id, o]));
  const placed = new Set<number>();
  state.forEach((s, r) => {
    for (const j of s.mode === "AI" ? s.jobs : []) {
      if (!open.has(j.jobId)) continue;
      jobs[r]?.push(j);
      free[r] = (free[r] ?? []).filter((g) => !j.gpuIndices.includes(g));
      placed.add(j.jobId);
    }
  });
  const indexById = new Map(fleet.rigs.map((rig, r) => [rig.id, r]));
  for (const offer of view.offers) {
    if (placed.has(offer.id)) continue;
    const home = offer.homeRigId === null ? undefined : indexById.get(offer.homeRigId);
    const fits = (r: number) => fleet.rigs[r]?.gpuModel === offer.gpuModel && (free[r]?.length ?? 0) >= offer.gpuCount;
    const r = home !== undefined && fits(home) ? home : fleet.rigs.findIndex((_, i) => fits(i));
    if (r < 0) continue;
    const gpuIndices = (free[r] ?? []).slice(0, offer.gpuCount);
    free[r] = (free[r] ?? []).slice(offer.gpuCount);
    jobs[r]?.push({ jobId: offer.id, gpuIndices });
    placed.add(offer.id);
  }
  return jobs;
}

export function offerMap(view: TMarketView): Map<number, TSettleOffer> {
  return new Map(view.offers.map((o) => [o.id, o]));
}

/** Expected profit of a plan at the decision-time prices (USD/h). */
export function expectedProfitUsdPerHour(fleet: TFleet, view: TMarketView, rig: TFleetRig, plan: TRigPlan, offers: ReadonlyMap<number, TSettleOffer>): number {
  const site = fleet.sites[rig.siteIndex];
  const energy = (planPowerW(rig, plan, offers) * (site?.pue ?? 1) * view.expectedUsdPerMwh(rig.siteIndex)) / 1e6;
  let revenue = 0;
  if (plan.mode === "MINE" && rig.mining) {
    revenue = ((rig.mining.hashrateHs * view.usdPerHashPerDay(rig.mining.coin)) / 24) * (1 - rig.mining.poolFeeBps / 10_000);
  }
  for (const j of plan.jobs) {
    const o = offers.get(j.jobId);
    if (o) revenue += o.gpuCount * o.usdPerGpuHour;
  }
  return revenue - energy;
}

/**
 * Keeps each site within its limit: rigs are idled, least expected profit per watt saved first,
 * until the site fits. A real farm cannot draw more than its cap, whatever the strategy.
 * A rig running an on-demand rental keeps it (it fitted when it started; caps do not change).
 */
export function fitToLimits(fleet: TFleet, view: TMarketView, state: readonly TRigState[], plans: TRigPlan[]): TRigPlan[] {
  const offers = offerMap(view);
  const wasRunning = new Set(state.flatMap((s) => s.jobs.map((j) => j.jobId)));
  const locked = (plan: TRigPlan) => plan.jobs.some((j) => wasRunning.has(j.jobId) && offers.get(j.jobId)?.preemptible === false);
  const out = [...plans];
  for (const site of fleet.sites) {
    const members = fleet.rigs.map((rig, r) => ({ rig, r })).filter(({ rig }) => rig.siteIndex === site.index);
    let loadW = members.reduce((sum, { rig, r }) => sum + planPowerW(rig, out[r] as TRigPlan, offers), 0);
    if (loadW <= site.limitItW) continue;
    const candidates = members
      .map(({ rig, r }) => {
        const plan = out[r] as TRigPlan;
        const savedW = planPowerW(rig, plan, offers) - rig.idlePowerW;
        const gain = expectedProfitUsdPerHour(fleet, view, rig, plan, offers) - expectedProfitUsdPerHour(fleet, view, rig, IDLE, offers);
        return { r, rig, savedW, perW: gain / Math.max(savedW, 1e-9) };
      })
      .filter((c) => c.savedW > 0 && !locked(out[c.r] as TRigPlan))
      .sort((a, b) => a.perW - b.perW || b.rig.id - a.rig.id);
    for (const c of candidates) {
      if (loadW <= site.limitItW) break;
      out[c.r] = IDLE;
      loadW -= c.savedW;
    }
  }
  return out;
}

export function aiPlan(jobs: TPlacedJob[]): TRigPlan {
  return { mode: "AI", workload: AI_RUNTIME, jobs };
}
