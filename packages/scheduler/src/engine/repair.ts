import { type GreedyState, setOption } from "./greedy-state";
import type { JobPools } from "./job-pools";
import { jobScoreUsdPerHour } from "./jobs";
import { unassign } from "./placement-ops";
import { baselineRow } from "./solution";

const EPS_W = 1e-6;

/**
 * Safety net: if a site ends over its budget, shed the load worth least per watt until it fits:
 * first rigs without jobs back to their lowest-power option, then jobs that may be stopped. The
 * greedy keeps every site within budget as it goes, so this only acts on rounding drift.
 */
export function repairOverBudget(state: GreedyState, pools: JobPools): void {
  const { problem } = state;
  const { table } = problem;
  for (const site of problem.sites) {
    if ((state.siteFreeW[site.index] ?? 0) >= -EPS_W) continue;
    const sheds: { kind: "rig" | "job"; index: number; perWatt: number }[] = [];
    for (const rig of problem.rigs) {
      if (rig.siteIndex !== site.index) continue;
      const cur = (table.start[rig.index] as number) + (state.sol.option[rig.index] ?? 0);
      const base = baselineRow(table, rig.index);
      const gainW = (table.powerW[cur] as number) - (table.powerW[base] as number);
      if ((state.rigJobCount[rig.index] ?? 0) > 0 || gainW <= EPS_W) continue;
      sheds.push({ kind: "rig", index: rig.index, perWatt: ((table.score[cur] as number) - (table.score[base] as number)) / gainW });
    }
    for (const job of problem.jobs) {
      const r = state.sol.jobRig[job.index] ?? -1;
      if (r < 0 || job.forcedRig >= 0 || problem.rigs[r]?.siteIndex !== site.index) continue;
      const out = jobScoreUsdPerHour(problem, job, r, state.sol.jobAtHome[job.index] === 1, state.sol.jobClassCounts[job.index] ?? null);
      if (out.powerW > EPS_W) sheds.push({ kind: "job", index: job.index, perWatt: out.scoreUsdPerHour / out.powerW });
    }
    sheds.sort((a, b) => a.perWatt - b.perWatt);
    for (const s of sheds) {
      if ((state.siteFreeW[site.index] ?? 0) >= -EPS_W) break;
      if (s.kind === "rig") {
        setOption(state, s.index, baselineRow(table, s.index) - (table.start[s.index] as number));
      } else {
        const job = problem.jobs[s.index];
        if (job) unassign(state, pools, job);
      }
    }
  }
}
