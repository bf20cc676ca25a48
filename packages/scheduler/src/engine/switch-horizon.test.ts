import { describe, expect, it } from "vitest";
import { planEpoch } from "./index";
import { asic, decisionOf, engineInput, gpuRig, job, site } from "./testing/fixtures";

// The worker decides every 60 s, but start-ups take 60-300 s: the loss is spread over the
// site's minimum dwell (the shortest stay after a switch), not charged to one epoch.
describe("switch start-up losses over the dwell horizon", () => {
  const idle = { mode: "IDLE" as const, workload: null, sinceMs: 0, jobIds: [] };
  const input = (minDwellSeconds: number) =>
    engineInput({
      epochSeconds: 60,
      switching: { mineStartSeconds: 60, asicStartSeconds: 120, aiStartSeconds: 300 },
      sites: [site({ policy: { minDwellSeconds } })],
      rigs: [asic({ id: 1, current: idle }), gpuRig({ id: 2, current: idle })],
      jobs: [job({ id: 7, priceUsdPerGpuHour: 2 })],
    });

  const table: [number, boolean][] = [
    [900, true], // 15 min dwell: an AI start-up of 5 min costs a third of the first stay
    [60, false], // dwell no longer than the epoch: the 300 s start-up eats the whole epoch
  ];
  for (const [dwell, starts] of table) {
    it(`with a ${dwell} s dwell ${starts ? "starts" : "does not start"} an idle ASIC and places the job`, () => {
      const plan = planEpoch(input(dwell));
      expect(decisionOf(plan, 1).mode === "MINE").toBe(starts);
      expect(plan.placements.some((p) => p.jobId === 7)).toBe(starts);
    });
  }
});
