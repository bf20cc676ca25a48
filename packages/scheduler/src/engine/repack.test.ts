import { describe, expect, it } from "vitest";
import { checkPlan } from "./check-plan";
import { solveGreedy } from "./greedy";
import { solveMip } from "./mip";
import { buildProblem } from "./problem";
import { FRUITLESS_PER_GROUP, REPACK_PASSES, type RepackStats } from "./repack";
import { solveEpoch } from "./solve-epoch";
import { randomInstance } from "./testing/random-instance";

const GAP = 5e-4; // HiGHS relative MIP gap

// Long queues: far more jobs than the sites can power, so most of the work is the repack of
// unplaced jobs, the second run with GPUs priced (slot-prices.ts) and the re-fill of rigs, pairs
// and threes of rigs (refill.ts). Ratios to the optimum, one greedy run -> with the priced run ->
// with the re-fill: seed 7 0.966 -> 0.972 -> 0.994 (0.987 with pairs alone); at 30 x 200, seed 1
// 0.946 -> 0.996 -> 0.9995, 2 0.972 -> 0.972 -> 0.9995, 3 0.967 -> 0.989 -> 0.999,
// 21 0.943 -> 0.978 -> 0.9995, 22 0.988 -> 0.988 -> 0.997. Every seed is within the 1%.
const instances = [
  { seed: 7, rigs: 40, jobs: 300, floor: 0.99 },
  { seed: 1, rigs: 30, jobs: 200, floor: 0.995 },
  { seed: 2, rigs: 30, jobs: 200, floor: 0.995 },
  { seed: 3, rigs: 30, jobs: 200, floor: 0.995 },
  { seed: 21, rigs: 30, jobs: 200, floor: 0.995 },
  { seed: 22, rigs: 30, jobs: 200, floor: 0.995 },
];

describe("repack on a long queue", () => {
  it.each(instances)(
    "seed $seed, $rigs rigs, $jobs jobs: feasible and at least $floor of the HiGHS optimum",
    async ({ seed, rigs, jobs, floor }) => {
      const input = randomInstance(seed, { rigs, jobs });
      const greedy = solveEpoch(input);
      const mip = await solveMip(input, { mipRelGap: GAP, timeLimitSeconds: 60 });
      const optimum = mip.objectiveUsdPerHour / (1 - GAP); // at least the true optimum
      console.log(`seed ${seed}, ${rigs} x ${jobs}: greedy / optimum ${(greedy.objectiveUsdPerHour / optimum).toFixed(4)}`);

      expect(checkPlan(input, greedy.plan)).toEqual([]);
      expect(greedy.plan.unplacedJobs.length).toBeGreaterThan(jobs / 2);
      expect(greedy.objectiveUsdPerHour).toBeGreaterThanOrEqual(floor * optimum);
      expect(greedy.objectiveUsdPerHour).toBeLessThanOrEqual(optimum + 1e-6);
    },
    60_000,
  );

  it("tries a bounded number of jobs: per pass and job group, a few after each move kept", () => {
    const stats: RepackStats = { jobsTried: 0, movesKept: 0, jobGroups: 0 };
    const problem = buildProblem(randomInstance(7, { rigs: 40, jobs: 3000 }));
    const sol = solveGreedy(problem, stats);
    const unplaced = Array.from(sol.jobRig).filter((r) => r < 0).length;

    expect(unplaced).toBeGreaterThan(2900);
    expect(stats.movesKept).toBeGreaterThan(0);
    expect(stats.jobsTried).toBeLessThanOrEqual(REPACK_PASSES * FRUITLESS_PER_GROUP * stats.jobGroups + (FRUITLESS_PER_GROUP + 1) * stats.movesKept);
    expect(stats.jobsTried).toBeLessThan(unplaced);
  });
});
