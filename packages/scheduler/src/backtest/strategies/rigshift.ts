/**
 * The product: the engine (planEpoch) every interval, on the price the epoch loader would use
 * (day-ahead, else the last real-time price) and yesterday's coin values, with the site's dwell
 * and hysteresis, carrying each rig's state so that switching costs apply.
 */
import { planEpoch } from "../../engine";
import { buildEngineInput, plansFromEngine } from "../engine-input";
import type { TStrategy, TStrategyContext } from "../types";

export function rigshift({ scenario, fleet }: TStrategyContext): TStrategy {
  return {
    name: "rigshift",
    foresight: false,
    decide({ view, state }) {
      const input = buildEngineInput({
        fleet,
        state,
        t: view.t,
        intervalSeconds: view.intervalSeconds,
        usdPerMwh: fleet.sites.map((s) => view.expectedUsdPerMwh(s.index)),
        usdPerHashPerDay: (coin) => view.usdPerHashPerDay(coin),
        offers: view.offers,
        switching: scenario.switching,
        policy: "site",
      });
      return plansFromEngine(fleet, planEpoch(input));
    },
  };
}
