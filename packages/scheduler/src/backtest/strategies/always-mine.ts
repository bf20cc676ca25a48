/** Baseline: every rig that can mine mines, all the time; rentals are never taken. */
import type { TStrategy, TStrategyContext } from "../types";
import { fitToLimits, minePlan } from "./baseline";

export function alwaysMine({ fleet }: TStrategyContext): TStrategy {
  return {
    name: "always-mine",
    foresight: false,
    decide: ({ view, state }) =>
      fitToLimits(
        fleet,
        view,
        state,
        fleet.rigs.map((rig) => minePlan(rig)),
      ),
  };
}
