/**
 * An upper bound with perfect foresight: for each interval, the engine's exact MIP (solveMip) on
 * the interval's realised electricity price and the day's own coin values, with every open
 * offer available. Switching costs are ignored (no start-up losses, no dwell, no hysteresis)
 * and every rental may be stopped, which makes the intervals independent: the sum of their
 * optima is at least what any strategy facing the same offers can make. See README.
 */
import { solveMip } from "../../engine";
import { buildEngineInput, plansFromEngine } from "../engine-input";
import { ScenarioError } from "../errors";
import type { TStrategy, TStrategyContext } from "../types";

/** One MIP per interval: beyond this many rigs a week's replay takes too long. */
export const HINDSIGHT_MAX_RIGS = 300;
const NO_SWITCHING = { mineStartSeconds: 0, asicStartSeconds: 0, aiStartSeconds: 0 };

export function hindsightOptimum({ fleet }: TStrategyContext): TStrategy {
  if (fleet.rigs.length > HINDSIGHT_MAX_RIGS) {
    throw new ScenarioError([
      `hindsight-optimum solves a MIP per interval and is limited to ${HINDSIGHT_MAX_RIGS} rigs; this fleet has ${fleet.rigs.length}: leave it out of "strategies" or use a smaller fleet`,
    ]);
  }
  let notOptimal = 0;
  return {
    name: "hindsight-optimum",
    foresight: true,
    upperBound: true,
    async decide({ view, realised, state }) {
      if (!realised) throw new Error("hindsight-optimum needs the realised prices");
      const input = buildEngineInput({
        fleet,
        state,
        t: view.t,
        intervalSeconds: view.intervalSeconds,
        usdPerMwh: realised.usdPerMwh,
        usdPerHashPerDay: (coin) => realised.usdPerHashPerDay[coin] ?? 0,
        offers: view.offers,
        switching: NO_SWITCHING,
        policy: "relaxed",
      });
      const result = await solveMip(input, { timeLimitSeconds: 30 });
      if (result.status !== "Optimal") notOptimal += 1;
      return plansFromEngine(fleet, result.plan);
    },
    notes: () => [
      "hindsight-optimum is an upper bound: realised prices, switching costs ignored (no start-up losses), every rental preemptible",
      ...(notOptimal > 0 ? [`hindsight-optimum: ${notOptimal} interval(s) not proven optimal within the MIP time limit: the bound is approximate`] : []),
    ],
  };
}
