import { solveGreedy } from "./greedy";
import { buildPlan } from "./plan";
import { buildProblem } from "./problem";
import { solutionScore } from "./solution";
import type { EngineInput, EnginePlan } from "./types";

/** Decides one epoch for the whole farm. Pure: the same input always gives the same plan. */
export function planEpoch(input: EngineInput): EnginePlan {
  return solveEpoch(input).plan;
}

/** planEpoch with the objective it reached (USD/h, profit less hysteresis margins), for comparisons. */
export function solveEpoch(input: EngineInput): { plan: EnginePlan; objectiveUsdPerHour: number } {
  const problem = buildProblem(input);
  const sol = solveGreedy(problem);
  return { plan: buildPlan(problem, sol), objectiveUsdPerHour: solutionScore(problem, sol) };
}
