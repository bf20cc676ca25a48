/**
 * The replay: for each strategy, interval by interval, decide from what was known at the
 * interval's start, settle at what happened, carry the rigs' state. Every strategy starts from
 * the same state (rigs that can mine are mining, the others idle) and faces the same offers.
 */
import type { TFleet } from "./fleet";
import type { TLoadedScenario } from "./load-scenario";
import { intervalStart, realisedAt, viewAt } from "./market";
import type { TStrategyName } from "./scenario";
import { settleInterval } from "./settle";
import { STRATEGIES } from "./strategies";
import type { TRigPlan, TRigState } from "./types";

const DAY_MS = 86_400_000;

export interface TStrategyResult {
  strategy: TStrategyName;
  miningMicroUsd: bigint;
  aiMicroUsd: bigint;
  energyMicroUsd: bigint;
  profitMicroUsd: bigint;
  curtailedRigHours: number;
  switches: number;
  rentalsPreempted: number; // times a running rental was stopped while still offered
  notes: string[];
}

export interface TBacktestResult {
  name: string;
  startMs: number;
  endMs: number;
  intervals: number;
  intervalSeconds: number;
  rigs: number;
  offers: number;
  strategies: TStrategyResult[];
  notes: string[];
}

export interface TRunOptions {
  loaded: TLoadedScenario;
  strategies?: TStrategyName[]; // default: the scenario's
  /** Called with each interval's plans, for tests and traces. */
  onInterval?: (e: { strategy: TStrategyName; index: number; t: number; plans: readonly TRigPlan[] }) => void;
  /** Called when a strategy's replay is done, with how long it took (ms), for progress output. */
  onStrategyDone?: (e: { strategy: TStrategyName; elapsedMs: number }) => void;
}

export async function runBacktest(options: TRunOptions): Promise<TBacktestResult> {
  const { scenario, market } = options.loaded;
  const names = options.strategies ?? scenario.strategies;
  const results: TStrategyResult[] = [];
  for (const name of names) {
    const started = performance.now();
    results.push(await replayStrategy(options, name));
    options.onStrategyDone?.({ strategy: name, elapsedMs: performance.now() - started });
  }
  return {
    name: scenario.name,
    startMs: scenario.period.start,
    endMs: scenario.period.end,
    intervals: market.intervals,
    intervalSeconds: market.intervalSeconds,
    rigs: options.loaded.fleet.rigs.length,
    offers: market.offers.length,
    strategies: results,
    notes: options.loaded.notes,
  };
}

export function initialState(fleet: TFleet, startMs: number): TRigState[] {
  return fleet.rigs.map((rig) => ({
    mode: rig.mining ? "MINE" : "IDLE",
    workload: rig.mining?.profileKey ?? null,
    jobs: [],
    sinceMs: startMs - DAY_MS, // long settled: no dwell at the start
  }));
}

async function replayStrategy(options: TRunOptions, name: TStrategyName): Promise<TStrategyResult> {
  const { scenario, fleet, market } = options.loaded;
  const strategy = STRATEGIES[name]({ scenario, fleet });
  let state = initialState(fleet, market.startMs);
  const total = { mining: 0n, ai: 0n, energy: 0n, switches: 0, curtailedSeconds: 0, preempted: 0 };

  for (let i = 0; i < market.intervals; i++) {
    const t = intervalStart(market, i);
    const view = viewAt(market, t);
    const realised = realisedAt(market, t);
    const plans = await strategy.decide({ view, realised: strategy.foresight ? realised : null, state });
    options.onInterval?.({ strategy: name, index: i, t, plans });
    const offers = new Map(view.offers.map((o) => [o.id, o]));
    const settled = settleInterval({
      fleet,
      plans,
      previous: state,
      realised,
      offers,
      t,
      intervalSeconds: market.intervalSeconds,
      aiStartSeconds: scenario.switching.aiStartSeconds,
      upperBound: strategy.upperBound === true,
    });
    total.mining += settled.miningMicroUsd;
    total.ai += settled.aiMicroUsd;
    total.energy += settled.energyMicroUsd;
    total.switches += settled.switches;
    total.curtailedSeconds += settled.curtailedRigSeconds;
    total.preempted += settled.preempted;
    state = settled.next;
  }
  return {
    strategy: name,
    miningMicroUsd: total.mining,
    aiMicroUsd: total.ai,
    energyMicroUsd: total.energy,
    profitMicroUsd: total.mining + total.ai - total.energy,
    curtailedRigHours: total.curtailedSeconds / 3600,
    switches: total.switches,
    rentalsPreempted: total.preempted,
    notes: strategy.notes?.() ?? [],
  };
}
