import { describe, expect, it } from "vitest";
import { checkPlan } from "./check-plan";
import { planEpoch } from "./solve-epoch";
import { randomInstance } from "./testing/random-instance";
import type { EngineInput } from "./types";

/** A seeded farm with every site's price and every job's price pushed to an extreme. */
function extreme(seed: number, electricityUsdPerMwh: number, priceUsdPerGpuHour: number | null): EngineInput {
  const input = randomInstance(seed, { rigs: 300, jobs: 40 });
  for (const site of input.sites) site.electricityUsdPerMwh = electricityUsdPerMwh;
  if (priceUsdPerGpuHour !== null) for (const job of input.jobs) job.priceUsdPerGpuHour = priceUsdPerGpuHour;
  return input;
}

const scenarios = [
  { name: "normal prices", input: randomInstance(11, { rigs: 300, jobs: 40 }) },
  { name: "deeply negative electricity", input: extreme(12, -2000, null) },
  { name: "free electricity, free jobs", input: extreme(13, 0, 0) },
  { name: "price spike of $100k/MWh", input: extreme(14, 100_000, null) },
  { name: "jobs at $10k/GPU-h", input: extreme(15, 45, 10_000) },
  { name: "spike and zero-pay jobs", input: extreme(16, 9_000, 0) },
];

describe("plan invariants", () => {
  it.each(scenarios)("$name: one decision per rig, sorted alternatives, no NaN, feasible", ({ input }) => {
    const plan = planEpoch(input);
    expect(checkPlan(input, plan)).toEqual([]);
    expect(plan.decisions.map((d) => d.rigId).sort((a, b) => a - b)).toEqual(input.rigs.map((r) => r.id).sort((a, b) => a - b));

    // Every job is either placed or explained, never both.
    const placed = new Set(plan.placements.map((p) => p.jobId));
    const unplaced = new Set(plan.unplacedJobs.map((u) => u.jobId));
    for (const job of input.jobs) expect(placed.has(job.id) !== unplaced.has(job.id)).toBe(true);

    for (const d of plan.decisions) {
      expect(d.alternatives.filter((a) => a.rejected === null)).toHaveLength(1);
      expect(d.expectedUsdPerHour).toBeCloseTo(d.revenueUsdPerHour - d.energyUsdPerHour, 4);
      expect(d.reason.length).toBeGreaterThan(0);
      if (d.mode !== "AI") expect(d.jobIds).toEqual([]);
    }
  });

  it("is pure: same input, same plan, input untouched", () => {
    const input = randomInstance(21, { rigs: 200, jobs: 30 });
    const before = JSON.stringify(input);
    const first = JSON.stringify(planEpoch(input));
    expect(JSON.stringify(planEpoch(input))).toBe(first);
    expect(JSON.stringify(input)).toBe(before);
  });

  it("a price spike idles every rig that may change", () => {
    const input = extreme(14, 100_000, null);
    const plan = planEpoch(input);
    for (const d of plan.decisions) {
      if (d.mode === "MINE") expect(["OFFLINE", "PINNED", "DWELL", "INLET_HOT"]).toContain(d.reasonCode);
    }
  });
});
