/** Baseline: a rental takes the rig whenever one is offered; otherwise the rig mines. Never curtails. */
import type { TStrategy, TStrategyContext } from "../types";
import { aiPlan, fitToLimits, minePlan, takeEveryRental } from "./baseline";

export function mineUnlessRented({ fleet }: TStrategyContext): TStrategy {
  return {
    name: "mine-unless-rented",
    foresight: false,
    decide({ view, state }) {
      const rentals = takeEveryRental(fleet, view, state);
      const plans = fleet.rigs.map((rig, r) => {
        const jobs = rentals[r] ?? [];
        return jobs.length > 0 ? aiPlan(jobs) : minePlan(rig);
      });
      return fitToLimits(fleet, view, state, plans);
    },
  };
}
