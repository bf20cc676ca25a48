/**
 * AI demand as rental offers, drawn once per scenario so that every strategy faces the same ones.
 * Per rentable rig, hour by hour from period start, a two-state chain with a seeded PRNG:
 * a rental is offered in a share `utilisation` of hours on average, and lasts `meanHours` on
 * average (meanHours = 1: an independent draw each hour). The offer's price is the quote in
 * force when it starts. Explicit scenario jobs are offers too, from `from` to `to`.
 */
import { prng } from "../engine/testing/prng";
import type { TFleet } from "./fleet";
import type { TScenario } from "./scenario";
import { stepAt, type TSeries } from "./series";

const HOUR_MS = 3600_000;

export interface TOffer {
  id: number;
  gpuModel: string;
  gpuCount: number;
  usdPerGpuHour: number; // what the farm is paid, platform fee taken off
  fromMs: number;
  toMs: number; // hidden from strategies: nobody knows when a renter will leave
  homeRigId: number | null; // the rig whose demand drew it (rentals), null for explicit jobs
  preemptible: boolean; // false: once running it may not be stopped while offered
}

export interface TOfferPrices {
  /** Per scenario rig group: a constant or a series read as a step function. */
  rentalPrice: (group: number, atMs: number) => { value: number; stale: boolean };
}

export function drawOffers(args: { scenario: TScenario; fleet: TFleet; prices: TOfferPrices }): { offers: TOffer[]; stalePrices: number } {
  const { scenario, fleet } = args;
  const keep = 1 - scenario.ai.platformFeeBps / 10_000;
  const start = scenario.period.start;
  const hours = Math.ceil((scenario.period.end - start) / HOUR_MS);
  const offers: TOffer[] = [];
  let stalePrices = 0;
  for (const rig of fleet.rigs) {
    const rental = scenario.rigs[rig.group]?.rental;
    if (!rental || !rig.gpuModel) continue;
    const u = rental.utilisation;
    const pEnd = 1 / rental.meanHours;
    // Start probability that makes the long-run share of offered hours equal u (see README).
    const pStart = u >= 1 ? 1 : (u * pEnd) / (1 - u + u * pEnd);
    const rand = prng(scenario.seed * 1_000_003 + rig.id);
    let open: TOffer | null = null;
    for (let h = 0; h < hours; h++) {
      const at = start + h * HOUR_MS;
      if (open && rand.next() < 1 - pEnd) {
        open.toMs = Math.min(at + HOUR_MS, scenario.period.end);
        continue;
      }
      open = null;
      if (rand.next() >= (h === 0 ? u : pStart)) continue;
      const price = args.prices.rentalPrice(rig.group, at);
      if (price.stale) stalePrices += 1;
      open = {
        id: 0,
        gpuModel: rig.gpuModel,
        gpuCount: rig.gpuCount,
        usdPerGpuHour: price.value * keep,
        fromMs: at,
        toMs: Math.min(at + HOUR_MS, scenario.period.end),
        homeRigId: rig.id,
        preemptible: rental.preemptible,
      };
      offers.push(open);
    }
  }
  for (const job of scenario.jobs) {
    offers.push({
      id: 0,
      gpuModel: job.gpuModel,
      gpuCount: job.gpuCount,
      usdPerGpuHour: job.usdPerGpuHour * keep,
      fromMs: job.from,
      toMs: job.to,
      homeRigId: null,
      preemptible: job.preemptible,
    });
  }
  offers.sort((a, b) => a.fromMs - b.fromMs || (a.homeRigId ?? 1e9) - (b.homeRigId ?? 1e9));
  offers.forEach((o, i) => {
    o.id = i + 1;
  });
  return { offers, stalePrices };
}

/** A rental price as a lookup: constant, or the series' quote in force (stale when the series has a gap). */
export function rentalPriceLookup(source: number | TSeries): (atMs: number) => { value: number; stale: boolean } {
  if (typeof source === "number") return () => ({ value: source, stale: false });
  return (atMs) => {
    const q = stepAt(source, atMs);
    if (!q) throw new Error(`${source.key}: no quote at or before ${new Date(atMs).toISOString()}`);
    return { value: q.value, stale: q.ageIntervals > 1.5 }; // quotes come at irregular times: allow some jitter
  };
}
