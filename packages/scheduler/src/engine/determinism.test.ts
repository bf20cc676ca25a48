import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { solveEpoch } from "./solve-epoch";
import { randomInstance } from "./testing/random-instance";
import type { EngineInput, EnginePlan } from "./types";

// The engine's plans, byte for byte, for seeded farms: a change meant to make the engine faster
// must leave every decision, placement, number and sentence as it was. When a change is meant to
// alter plans, review the diff of plan-seed9.json and update with `vitest run -u`.

function withPrices(input: EngineInput, electricityUsdPerMwh: number, priceUsdPerGpuHour: number | null): EngineInput {
  for (const site of input.sites) site.electricityUsdPerMwh = electricityUsdPerMwh;
  if (priceUsdPerGpuHour !== null) for (const job of input.jobs) job.priceUsdPerGpuHour = priceUsdPerGpuHour;
  return input;
}

const cases: { name: string; input: () => EngineInput }[] = [
  ...[
    { seed: 1, rigs: 250, jobs: 50 },
    { seed: 2, rigs: 250, jobs: 50 },
    { seed: 3, rigs: 300, jobs: 40 },
    { seed: 4, rigs: 200, jobs: 60 },
    { seed: 5, rigs: 200, jobs: 50 },
    { seed: 6, rigs: 200, jobs: 120 },
  ].map(({ seed, rigs, jobs }) => ({ name: `seed ${seed}: ${rigs} rigs, ${jobs} jobs`, input: () => randomInstance(seed, { rigs, jobs }) })),
  { name: "seed 9: 500 rigs, 800 jobs (many unplaced)", input: () => randomInstance(9, { rigs: 500, jobs: 800 }) },
  { name: "seed 10: 2000 rigs, caps at 3% (locked rigs shed)", input: () => randomInstance(10, { rigs: 2000, jobs: 200, capShare: 0.03 }) },
  { name: "seed 11: 2000 rigs, caps that never bind", input: () => randomInstance(11, { rigs: 2000, jobs: 200, capShare: 1.5 }) },
  { name: "seed 12: deeply negative electricity", input: () => withPrices(randomInstance(12, { rigs: 300, jobs: 40 }), -2000, null) },
  { name: "seed 13: free electricity, free jobs", input: () => withPrices(randomInstance(13, { rigs: 300, jobs: 40 }), 0, 0) },
  { name: "seed 14: price spike of $100k/MWh", input: () => withPrices(randomInstance(14, { rigs: 300, jobs: 40 }), 100_000, null) },
  { name: "seed 15: jobs at $10k/GPU-h", input: () => withPrices(randomInstance(15, { rigs: 300, jobs: 40 }), 45, 10_000) },
  { name: "seed 8: the benchmark's 10k rigs", input: () => randomInstance(8, { rigs: 10_000, jobs: 1000, sites: 3, capShare: 0.45 }) },
];

/** Valid JSON, byte for byte JSON.stringify(plan) but for one line per decision, placement, job and site. */
function planJsonLines(plan: EnginePlan): string {
  const list = (items: readonly unknown[]) => (items.length === 0 ? "[]" : `[\n${items.map((x) => JSON.stringify(x)).join(",\n")}\n]`);
  return `{"decisions":${list(plan.decisions)},"placements":${list(plan.placements)},"unplacedJobs":${list(plan.unplacedJobs)},"sites":${list(plan.sites)}}\n`;
}

describe("plans are stable", () => {
  it("seed 9, 120 rigs, 90 jobs: the whole plan", async () => {
    const plan = solveEpoch(randomInstance(9, { rigs: 120, jobs: 90 })).plan;
    const text = planJsonLines(plan);
    expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(plan)));
    await expect(text).toMatchFileSnapshot("./testing/plan-seed9.json");
  });

  it("seeded farms: digests of the plan JSON and the objective", async () => {
    const digests: Record<string, string> = {};
    for (const c of cases) {
      const { plan, objectiveUsdPerHour } = solveEpoch(c.input());
      digests[c.name] = createHash("sha256").update(JSON.stringify(plan)).update(`|${objectiveUsdPerHour}`).digest("hex");
    }
    await expect(`${JSON.stringify(digests, null, 2)}\n`).toMatchFileSnapshot("./testing/plan-digests.json");
  }, 120_000);
});
