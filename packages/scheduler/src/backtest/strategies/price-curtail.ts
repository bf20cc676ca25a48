/**
 * Baseline: the usual curtailment rule. A rig mines unless the expected electricity price is
 * above its strike, the price at which its power costs what it earns (from yesterday's coin
 * value, pool fee included, PUE included). Rentals are taken whenever offered, as in
 * mine-unless-rented: the strike is about mining.
 */
import type { TStrategy, TStrategyContext } from "../types";
import { aiPlan, fitToLimits, IDLE, minePlan, takeEveryRental } from "./baseline";

export function priceCurtail({ fleet }: TStrategyContext): TStrategy {
  return {
    name: "price-curtail",
    foresight: false,
    decide({ view, state }) {
      const rentals = takeEveryRental(fleet, view, state);
      const plans = fleet.rigs.map((rig, r) => {
        const jobs = rentals[r] ?? [];
        if (jobs.length > 0) return aiPlan(jobs);
        const m = rig.mining;
        if (!m) return IDLE;
        const site = fleet.sites[rig.siteIndex];
        const revenueUsdPerHour = ((m.hashrateHs * view.usdPerHashPerDay(m.coin)) / 24) * (1 - m.poolFeeBps / 10_000);
        const strikeUsdPerMwh = revenueUsdPerHour / ((m.powerW * (site?.pue ?? 1)) / 1e6);
        return view.expectedUsdPerMwh(rig.siteIndex) > strikeUsdPerMwh ? IDLE : minePlan(rig);
      });
      return fitToLimits(fleet, view, state, plans);
    },
  };
}
