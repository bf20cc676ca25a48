import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { loadScenario, type TLoadedScenario } from "./load-scenario";
import { intervalStart, type TMarket, type TPriceSignal } from "./market";
import { runBacktest } from "./replay";
import type { TStrategyName } from "./scenario";
import type { TRigPlan } from "./types";

const SMALL = fileURLToPath(new URL("../../backtest-scenarios/small-spike-day.json", import.meta.url));
const loaded = loadScenario({ file: SMALL });
const K = 12; // the interval whose real-time price we change: 12:00-13:00 CDT
const DECIDE_ONLY: TStrategyName[] = ["always-mine", "mine-unless-rented", "price-curtail", "rigshift"];

/** The same market with the real-time price of interval K at every site set to `usdPerMwh`. */
function withRealTimeAtK(market: TMarket, usdPerMwh: number): TMarket {
  const from = intervalStart(market, K);
  const to = from + market.intervalSeconds * 1000;
  return {
    ...market,
    sites: market.sites.map((s) => {
      const values = s.realTime.values.slice();
      s.realTime.atMs.forEach((at, i) => {
        if (at >= from && at < to) values[i] = usdPerMwh;
      });
      return { ...s, realTime: { ...s.realTime, values } };
    }),
  };
}

async function plansOf(l: TLoadedScenario, strategies: TStrategyName[]) {
  const plans = new Map<TStrategyName, TRigPlan[][]>();
  const result = await runBacktest({ loaded: l, strategies, onInterval: ({ strategy, plans: p }) => plans.set(strategy, [...(plans.get(strategy) ?? []), [...p]]) });
  return { plans, result };
}

describe("no peeking: a decision never depends on the real-time price of its own interval or later", () => {
  const signals: TPriceSignal[] = ["day-ahead", "last-real-time", "day-ahead+persistence"];
  for (const signal of signals) {
    it(`with the ${signal} price signal, a $9,000/MWh real-time price at interval ${K} changes no decision up to ${K}, only the money`, async () => {
      const base = { ...loaded, market: { ...loaded.market, priceSignal: signal } };
      const spiked = { ...base, market: withRealTimeAtK(base.market, 9000) };
      const a = await plansOf(base, DECIDE_ONLY);
      const b = await plansOf(spiked, DECIDE_ONLY);
      for (const name of DECIDE_ONLY) {
        expect(b.plans.get(name)?.slice(0, K + 1), name).toEqual(a.plans.get(name)?.slice(0, K + 1));
        const profit = (r: typeof a.result) => r.strategies.find((s) => s.strategy === name)?.profitMicroUsd;
        expect(profit(b.result), name).toBeLessThan(profit(a.result) as bigint);
      }
      if (signal !== "day-ahead") {
        // Once interval K has ended its price is known, and real-time signals react to it.
        expect(b.plans.get("rigshift")?.[K + 1]).not.toEqual(a.plans.get("rigshift")?.[K + 1]);
      }
    });
  }

  it("hindsight-optimum, which may peek, does react at interval K", async () => {
    const a = await plansOf(loaded, ["hindsight-optimum"]);
    const b = await plansOf({ ...loaded, market: withRealTimeAtK(loaded.market, 9000) }, ["hindsight-optimum"]);
    expect(b.plans.get("hindsight-optimum")?.slice(0, K)).toEqual(a.plans.get("hindsight-optimum")?.slice(0, K));
    expect(b.plans.get("hindsight-optimum")?.[K]?.every((p) => p.mode !== "MINE")).toBe(true);
    expect(a.plans.get("hindsight-optimum")?.[K]?.some((p) => p.mode === "MINE")).toBe(true);
  });
});
