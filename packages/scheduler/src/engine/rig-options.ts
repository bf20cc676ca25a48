import { miningRevenueUsdPerHour, startLossFraction } from "./economics";
import type { OptionRows } from "./option-rows";
import type { EngineInput, MiningProfileInput, Mode, RigInput } from "./types";

// Hot path (once per rig): plain loops, no callbacks. Under tsx every closure created per item
// costs a property definition (esbuild keepNames), which dominated the run time at 100k rigs.

/** Everything a rig could run if no rule stood in the way, with its power and gross revenue. */
export interface RawOption {
  mode: Mode;
  workload: string | null;
  powerW: number;
  grossRevenueUsdPerHour: number; // before start-up loss
  startSeconds: number; // earning nothing for this long if it is a switch
  isCurrent: boolean;
  /** Set when the rig offers it but cannot run it (no mining rate for its model, ...). */
  unusable: string | null;
}

export interface OptionContext {
  input: EngineInput;
  profiles: Map<string, MiningProfileInput>;
  /**
   * Each profile's rates by device model, as Maps (see profileRates): the input's `rates` are
   * plain objects, and indexing one with a model name read from Postgres (a string the engine has
   * not seen before, one per GPU) looks the name up in V8's string table each time: at 100k rigs
   * that was 90 ms of the model's time.
   */
  rates: Map<string, Map<string, Rate>>;
  /** Each profile's coin price (USD per H/s per day), by profile key; absent when the coin has none. */
  coinPrices: Map<string, number>;
  /** The dwell rule's sentences by minimum dwell (s), then by time since the switch as formatted (rig-model.ts). */
  dwellTexts: Map<number, Map<number, string>>;
  rows: OptionRows; // where the rigs' options are written
}

type Rate = MiningProfileInput["rates"][string];

/** OptionContext.rates for these profiles. */
export function profileRates(profiles: readonly MiningProfileInput[]): Map<string, Map<string, Rate>> {
  const out = new Map<string, Map<string, Rate>>();
  for (const p of profiles) out.set(p.key, new Map(Object.entries(p.rates)));
  return out;
}

/** OptionContext.coinPrices: the coins' own entries only (a coin named like an object property has no price). */
export function profileCoinPrices(profiles: readonly MiningProfileInput[], coins: EngineInput["coins"]): Map<string, number> {
  const out = new Map<string, number>();
  for (const p of profiles) if (Object.hasOwn(coins, p.coin)) out.set(p.key, (coins[p.coin] as { usdPerHashPerDay: number }).usdPerHashPerDay);
  return out;
}

export function isCurrentOption(rig: RigInput, mode: Mode, workload: string | null): boolean {
  if (rig.current.mode !== mode) return false;
  return mode === "IDLE" || rig.current.workload === workload;
}

export function idlePowerW(rig: RigInput): number {
  return rig.measuredPowerW?.IDLE ?? rig.idlePowerW;
}

/**
 * A rig's raw options, rows 0 .. count - 1 of `items`. One list is reused rig after rig and its
 * objects are overwritten in place: they are read while the rig's model is built and never kept
 * (optionRow copies what it needs). At 100k rigs, fresh objects here were a tenth of the
 * model's garbage.
 */
export interface RawOptions {
  count: number;
  items: RawOption[];
}

function addRaw(
  out: RawOptions,
  mode: Mode,
  workload: string | null,
  powerW: number,
  grossRevenueUsdPerHour: number,
  startSeconds: number,
  isCurrent: boolean,
  unusable: string | null,
): void {
  const o = out.items[out.count];
  out.count += 1;
  if (!o) {
    out.items.push({ mode, workload, powerW, grossRevenueUsdPerHour, startSeconds, isCurrent, unusable });
    return;
  }
  o.mode = mode;
  o.workload = workload;
  o.powerW = powerW;
  o.grossRevenueUsdPerHour = grossRevenueUsdPerHour;
  o.startSeconds = startSeconds;
  o.isCurrent = isCurrent;
  o.unusable = unusable;
}

/** Jobs a rig cannot drop: their runtime, power and revenue. */
export interface ForcedSummary {
  jobs: readonly { runtime: string }[];
  powerW: number;
  revenueUsdPerHour: number;
}

/**
 * IDLE, every offered mining profile and every offered AI runtime, into `out` (see RawOptions).
 * The AI option of the forced jobs' runtime carries their power and revenue; jobs added by the
 * solvers come on top.
 */
export function rawOptions(ctx: OptionContext, rig: RigInput, forced: ForcedSummary, out: RawOptions): void {
  const idleW = idlePowerW(rig);
  out.count = 0;
  addRaw(out, "IDLE", null, idleW, 0, 0, isCurrentOption(rig, "IDLE", null), null);
  for (let k = 0; k < rig.offers.length; k++) {
    const offer = rig.offers[k] as RigInput["offers"][number];
    if (offer.mode === "IDLE" || isDuplicate(rig, k)) continue;
    const isCurrent = isCurrentOption(rig, offer.mode, offer.key);
    if (offer.mode === "MINE") miningOption(ctx, rig, offer.key, isCurrent, idleW, out);
    else {
      // AI start-up is charged per job, not per rig (see jobRevenueUsdPerHour).
      const unusable = rig.kind === "ASIC" ? "an ASIC cannot run AI jobs" : null;
      let holdsForced = false;
      for (let i = 0; i < forced.jobs.length; i++) if (forced.jobs[i]?.runtime === offer.key) holdsForced = true;
      const powerW = idleW + (holdsForced ? forced.powerW : 0);
      addRaw(out, "AI", offer.key, powerW, holdsForced ? forced.revenueUsdPerHour : 0, 0, isCurrent, unusable);
    }
  }
}

function isDuplicate(rig: RigInput, k: number): boolean {
  const offer = rig.offers[k];
  for (let i = 0; i < k; i++) {
    const other = rig.offers[i];
    if (other && offer && other.mode === offer.mode && other.key === offer.key) return true;
  }
  return false;
}

function miningOption(ctx: OptionContext, rig: RigInput, key: string, isCurrent: boolean, idleW: number, out: RawOptions): void {
  const startSeconds = rig.kind === "ASIC" ? ctx.input.switching.asicStartSeconds : ctx.input.switching.mineStartSeconds;
  const unusable = miningRevenue(ctx, rig, key, idleW);
  if (unusable !== null) addRaw(out, "MINE", key, idleW, 0, startSeconds, isCurrent, unusable);
  else addRaw(out, "MINE", key, rig.measuredPowerW?.MINE ?? mined.catalogueW, mined.revenueUsdPerHour, startSeconds, isCurrent, null);
}

/** What miningRevenue found, in one reused object (see RawOptions). */
const mined = { revenueUsdPerHour: 0, catalogueW: 0 };

/** Revenue and catalogue power of profile `key` on the rig, into `mined`; why the rig cannot mine it, or null. */
function miningRevenue(ctx: OptionContext, rig: RigInput, key: string, idleW: number): string | null {
  const profile = ctx.profiles.get(key);
  const rates = ctx.rates.get(key);
  if (!profile || !rates) return `no mining profile ${key}`;
  const usdPerHashPerDay = ctx.coinPrices.get(key);
  if (usdPerHashPerDay === undefined) return `no price for coin ${profile.coin}`;

  // ASIC: one miner per rig. GPU rig: every healthy GPU with a rate for its model, plus the host.
  let hashrateHs = 0;
  let catalogueW = 0;
  if (rig.kind === "ASIC") {
    const rate = rates.get(rig.model);
    if (!rate) return `profile ${key} has no rate for ${rig.model}`;
    hashrateHs = rate.hashrateHs;
    catalogueW = rate.powerW;
  } else {
    let devices = 0;
    // A rig's GPUs are mostly of one model: its rate is looked up once per run of alike GPUs.
    let model: string | null = null;
    let rate: Rate | undefined;
    for (let g = 0; g < rig.gpus.length; g++) {
      const gpu = rig.gpus[g] as RigInput["gpus"][number];
      if (gpu.model !== model) {
        model = gpu.model;
        rate = rates.get(model);
      }
      if (!rate || !gpu.healthy) continue;
      devices += 1;
      hashrateHs += rate.hashrateHs;
      catalogueW += rate.powerW;
    }
    if (devices === 0) return `profile ${key} has no rate for this rig's GPUs`;
    catalogueW += idleW;
  }
  mined.revenueUsdPerHour = miningRevenueUsdPerHour({ hashrateHs, usdPerHashPerDay, poolFeeBps: profile.poolFeeBps });
  mined.catalogueW = catalogueW;
  return null;
}

/** Revenue after the start-up loss of a switch (USD/h averaged over the epoch). */
export function netRevenueUsdPerHour(option: RawOption, epochSeconds: number): number {
  if (option.isCurrent) return option.grossRevenueUsdPerHour;
  return option.grossRevenueUsdPerHour * (1 - startLossFraction(option.startSeconds, epochSeconds));
}
