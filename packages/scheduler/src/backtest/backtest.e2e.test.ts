import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { loadScenario } from "./load-scenario";
import { runBacktest } from "./replay";
import { formatReport, formatUsd, reportJson } from "./report";
import { baseScenario, writeScenario } from "./testing/scenario-dir";

const example = (name: string) => fileURLToPath(new URL(`../../backtest-scenarios/${name}.json`, import.meta.url));
const BASELINES = ["always-mine", "mine-unless-rented", "price-curtail"] as const;

describe("backtest of the example scenarios", () => {
  it("small-spike-day: rigshift makes at least every baseline's profit, and no more than hindsight-optimum", async () => {
    const result = await runBacktest({ loaded: loadScenario({ file: example("small-spike-day") }) });
    const profit = (name: string) => result.strategies.find((s) => s.strategy === name)?.profitMicroUsd as bigint;
    for (const b of BASELINES) expect(profit("rigshift"), b).toBeGreaterThanOrEqual(profit(b));
    for (const s of result.strategies) {
      expect(profit("hindsight-optimum"), s.strategy).toBeGreaterThanOrEqual(s.profitMicroUsd);
      expect(s.profitMicroUsd).toBe(s.miningMicroUsd + s.aiMicroUsd - s.energyMicroUsd);
    }
    const json = reportJson(result);
    expect(json.strategies.map((s) => s.strategy)).toEqual([...BASELINES, "rigshift", "hindsight-optimum"]);
    expect(json.rigshiftShareOfHindsightOptimum).toBeGreaterThan(0.8);
    expect(json.rigshiftShareOfHindsightOptimum).toBeLessThanOrEqual(1);
    expect(JSON.parse(JSON.stringify(json))).toEqual(json); // plain JSON: no bigint, no NaN
    expect(formatReport(result)).toMatch(/rigshift makes \d+\.\d% of hindsight-optimum's profit/);
  });

  for (const name of ["ercot-2024-08-spikes", "ercot-2024-10-two-sites"]) {
    it(`${name}: rigshift makes at least every baseline's profit over the week`, async () => {
      const result = await runBacktest({ loaded: loadScenario({ file: example(name) }), strategies: [...BASELINES, "rigshift"] });
      const rigshift = result.strategies.find((s) => s.strategy === "rigshift")?.profitMicroUsd as bigint;
      for (const s of result.strategies) expect(rigshift, s.strategy).toBeGreaterThanOrEqual(s.profitMicroUsd);
    });
  }
});

describe("formatUsd", () => {
  const cases: [bigint, string][] = [
    [0n, "$0.00"],
    [1_234_567_890n, "$1,234.57"],
    [-1_234_567n, "-$1.23"],
    [-4_999n, "$0.00"],
    [5_000n, "$0.01"],
  ];
  for (const [micro, text] of cases) it(`${micro} micro-dollars is ${text}`, () => expect(formatUsd(micro)).toBe(text));
});

describe("hindsight-optimum on a large fleet", () => {
  it("refuses fleets above 300 rigs with a message saying what to do", async () => {
    const s = baseScenario();
    s.sites[0]!.powerCapKw = 2000;
    s.rigs[0]!.count = 301;
    const loaded = loadScenario({ file: writeScenario({ scenario: s }) });
    await expect(runBacktest({ loaded, strategies: ["hindsight-optimum"] })).rejects.toThrow(/limited to 300 rigs; this fleet has 301: leave it out of "strategies"/);
  });
});
