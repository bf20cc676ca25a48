import { describe, expect, it } from "vitest";
import { checkPlan } from "./check-plan";
import { solveMip } from "./mip";
import { solveEpoch } from "./solve-epoch";
import { randomInstance } from "./testing/random-instance";

const GAP = 5e-4; // HiGHS relative MIP gap

// Seeded farms in every state (see random-instance.ts): caps bind, jobs compete for GPUs.
const instances = [
  { seed: 1, rigs: 250, jobs: 50 },
  { seed: 2, rigs: 250, jobs: 50 },
  { seed: 3, rigs: 300, jobs: 40 },
  { seed: 4, rigs: 200, jobs: 60 },
  { seed: 5, rigs: 200, jobs: 50 },
];

describe("greedy against the HiGHS optimum", () => {
  it.each(instances)("seed $seed: $rigs rigs, $jobs jobs: within 1% and feasible", async ({ seed, rigs, jobs }) => {
    const input = randomInstance(seed, { rigs, jobs });
    const greedy = solveEpoch(input);
    const mip = await solveMip(input, { mipRelGap: GAP, timeLimitSeconds: 30 });

    expect(checkPlan(input, greedy.plan)).toEqual([]);
    expect(checkPlan(input, mip.plan)).toEqual([]);
    // The optimum is at most the MIP's incumbent / (1 - GAP); the greedy must be within 1% of it.
    expect(mip.objectiveUsdPerHour).toBeGreaterThan(0);
    expect(greedy.objectiveUsdPerHour).toBeGreaterThanOrEqual((0.99 * mip.objectiveUsdPerHour) / (1 - GAP));
    // Both solvers read the same objective, so the greedy never beats the optimum.
    expect(greedy.objectiveUsdPerHour).toBeLessThanOrEqual(mip.objectiveUsdPerHour / (1 - GAP) + 1e-6);
  });
});
