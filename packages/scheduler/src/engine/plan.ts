import { explainUnplacedJobs } from "./explain-jobs";
import { explainRig, round } from "./explain-rigs";
import type { Exclusion, Problem, RigModel, Solution } from "./model";
import { planContext } from "./plan-context";
import type { EnginePlan } from "./types";

const NONE: readonly Exclusion[] = [];

/** Turns a solution into the plan the worker stores: decisions, placements, reasons, site loads. */
export function buildPlan(problem: Problem, sol: Solution): EnginePlan {
  const ctx = planContext(problem, sol);
  const jobs = explainUnplacedJobs(ctx);
  const siteBound = new Uint8Array(problem.sites.length);

  const decisions: EnginePlan["decisions"] = new Array(problem.rigs.length);
  const annotated = jobs.rigAnnotations.size > 0;
  for (let r = 0; r < problem.rigs.length; r++) {
    const decision = explainRig(ctx, r, (annotated && jobs.rigAnnotations.get(r)) || NONE, siteBound);
    if (decision.reasonCode === "CAP" || decision.reasonCode === "COOLING") siteBound[(problem.rigs[r] as RigModel).siteIndex] = 1;
    decisions[r] = decision;
  }
  for (const [r, annotations] of jobs.rigAnnotations) {
    const site = problem.rigs[r]?.siteIndex ?? -1;
    if (annotations.some((e) => e.code === "CAP" || e.code === "COOLING")) siteBound[site] = 1;
  }

  const placements: EnginePlan["placements"] = [];
  for (const job of problem.jobs) {
    const r = sol.jobRig[job.index] ?? -1;
    const rig = problem.rigs[r];
    if (!rig) continue;
    placements.push({ jobId: job.input.id, rigId: rig.input.id, gpuIndices: ctx.gpuIndices.get(job.index) ?? [] });
  }

  const sites = problem.sites.map((site) => {
    const usedW = site.budgetW - (ctx.siteSlackW[site.index] ?? 0);
    return {
      siteId: site.input.id,
      plannedKw: round((usedW * site.input.pue) / 1000),
      capKw: site.input.powerCapKw,
      coolingKw: site.input.coolingCapacityKw,
      binding: siteBound[site.index] === 1 || usedW > site.limitW + 1e-6,
    };
  });
  return { decisions, placements, unplacedJobs: jobs.unplaced, sites };
}
