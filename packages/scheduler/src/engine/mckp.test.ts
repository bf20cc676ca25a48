import { describe, expect, it } from "vitest";
import { type ClimbSteps, climbSteps } from "./mckp";
import { buildProblem } from "./problem";
import { baselineSolution } from "./solution";
import { prng } from "./testing/prng";
import { randomInstance } from "./testing/random-instance";

function rows(steps: ClimbSteps): number[][] {
  const out: number[][] = [];
  for (let s = 0; s < steps.count; s++) out.push([steps.rig[s] as number, steps.from[s] as number, steps.to[s] as number, steps.density[s] as number]);
  return out;
}

describe("climbSteps", () => {
  // A commit run reuses the dry run's climbs of rigs that start where they started then.
  it.each([
    { name: "same rigs, same starts", moved: 0, dropped: 0 },
    { name: "a tenth of the rigs moved", moved: 0.1, dropped: 0 },
    { name: "rigs dropped and moved", moved: 0.2, dropped: 0.3 },
    { name: "every rig moved", moved: 1, dropped: 0 },
  ])("$name: the same steps in the same order as climbs built anew", ({ moved, dropped }) => {
    const problem = buildProblem(randomInstance(8, { rigs: 3000, jobs: 100, sites: 3, capShare: 0.45 }));
    const { table } = problem;
    const option = baselineSolution(problem).option;
    const all = problem.rigs.map((rig) => rig.index);
    const earlier = climbSteps(table, all, option);
    const rnd = prng(3);
    const later = option.slice();
    for (let r = 0; r < later.length; r++) {
      const count = (table.start[r + 1] as number) - (table.start[r] as number);
      if (rnd.next() < moved) later[r] = rnd.int(0, count - 1);
    }
    const rigs = all.filter(() => rnd.next() >= dropped);
    expect(rows(climbSteps(table, rigs, later, earlier))).toEqual(rows(climbSteps(table, rigs, later)));
  });

  it("rigs not in ascending order: every climb built anew, ties in the order given", () => {
    const problem = buildProblem(randomInstance(8, { rigs: 500, jobs: 20, sites: 3, capShare: 0.45 }));
    const option = baselineSolution(problem).option;
    const reversed = problem.rigs.map((rig) => rig.index).reverse();
    const earlier = climbSteps(problem.table, reversed, option);
    expect(rows(climbSteps(problem.table, reversed, option, earlier))).toEqual(rows(earlier));
  });
});
