import { buildLp } from "./mip-model";
import type { Problem, Solution } from "./model";
import { buildPlan } from "./plan";
import { buildProblem } from "./problem";
import { baselineSolution, solutionScore } from "./solution";
import type { EngineInput, EnginePlan } from "./types";

export interface MipResult {
  status: string; // HiGHS model status, "Optimal" when proven within the gap
  objectiveUsdPerHour: number; // the objective both solvers maximise (profit less hysteresis margins)
  plan: EnginePlan;
}

export interface MipOptions {
  timeLimitSeconds?: number;
  mipRelGap?: number;
}

type Highs = { solve(lp: string, options?: Record<string, unknown>): HighsResult };
interface HighsResult {
  Status: string;
  ObjectiveValue: number;
  Columns: Record<string, { Primal: number }>;
}

let highsLoader: Promise<Highs> | null = null;

/**
 * Reference optimum for small instances (a few hundred rigs and jobs): the same problem as the
 * greedy, solved exactly by HiGHS. Used by tests and the benchmark, never by the worker.
 */
export async function solveMip(input: EngineInput, options: MipOptions = {}): Promise<MipResult> {
  const problem = buildProblem(input);
  const { lp, vars } = buildLp(problem);
  highsLoader ??= import("highs").then((m) => m.default() as Promise<Highs>);
  const highs = await highsLoader;
  const result = highs.solve(lp, {
    mip_rel_gap: options.mipRelGap ?? 1e-6,
    time_limit: options.timeLimitSeconds ?? 60,
    output_flag: false,
  });
  const sol = readSolution(problem, vars, result);
  return { status: result.Status, objectiveUsdPerHour: solutionScore(problem, sol), plan: buildPlan(problem, sol) };
}

function readSolution(problem: Problem, vars: ReturnType<typeof buildLp>["vars"], result: HighsResult): Solution {
  const sol = baselineSolution(problem);
  const value = (name: string) => Math.round(result.Columns[name]?.Primal ?? 0);
  for (const v of vars.options) if (value(v.name) === 1) sol.option[v.r] = v.i;
  for (const v of vars.homes) {
    if (value(v.name) !== 1) continue;
    const job = problem.jobs[v.j];
    if (!job?.home) continue;
    sol.jobRig[v.j] = job.home.rigIndex;
    sol.jobAtHome[v.j] = 1;
  }
  for (const v of vars.starts) {
    if (value(v.name) !== 1) continue;
    const rig = problem.rigs[v.r];
    const job = problem.jobs[v.j];
    if (!rig || !job) continue;
    const counts = new Array<number>(rig.classes.length).fill(0);
    if (v.zNames) {
      for (let k = 0; k < v.classes.length; k++) counts[v.classes[k] as number] = value(v.zNames[k] ?? "");
    } else counts[v.classes[0] as number] = job.input.gpuCount;
    sol.jobRig[v.j] = v.r;
    sol.jobClassCounts[v.j] = counts;
  }
  return sol;
}
