import { miningRevenueUsdPerHour, startLossFraction } from "./economics";
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
}

export function isCurrentOption(rig: RigInput, mode: Mode, workload: string | null): boolean {
  if (rig.current.mode !== mode) return false;
  return mode === "IDLE" || rig.current.workload === workload;
}

export function idlePowerW(rig: RigInput): number {
  return rig.measuredPowerW?.IDLE ?? rig.idlePowerW;
}

function rawOption(
  mode: Mode,
  workload: string | null,
  powerW: number,
  grossRevenueUsdPerHour: number,
  startSeconds: number,
  isCurrent: boolean,
  unusable: string | null,
): RawOption {
  return { mode, workload, powerW, grossRevenueUsdPerHour, startSeconds, isCurrent, unusable };
}

/** Jobs a rig cannot drop: their runtime, power and revenue. */
export interface ForcedSummary {
  jobs: readonly { runtime: string }[];
  powerW: number;
  revenueUsdPerHour: number;
}

/**
 * IDLE, every offered mining profile and every offered AI runtime. The AI option of the forced
 * jobs' runtime carries their power and revenue; jobs added by the solvers come on top.
 */
export function rawOptions(ctx: OptionContext, rig: RigInput, forced: ForcedSummary): RawOption[] {
  const idleW = idlePowerW(rig);
  const out: RawOption[] = [rawOption("IDLE", null, idleW, 0, 0, isCurrentOption(rig, "IDLE", null), null)];
  for (let k = 0; k < rig.offers.length; k++) {
    const offer = rig.offers[k] as RigInput["offers"][number];
    if (offer.mode === "IDLE" || isDuplicate(rig, k)) continue;
    const isCurrent = isCurrentOption(rig, offer.mode, offer.key);
    if (offer.mode === "MINE") out.push(miningOption(ctx, rig, offer.key, isCurrent, idleW));
    else {
      // AI start-up is charged per job, not per rig (see jobRevenueUsdPerHour).
      const unusable = rig.kind === "ASIC" ? "an ASIC cannot run AI jobs" : null;
      let holdsForced = false;
      for (const j of forced.jobs) if (j.runtime === offer.key) holdsForced = true;
      const powerW = idleW + (holdsForced ? forced.powerW : 0);
      out.push(rawOption("AI", offer.key, powerW, holdsForced ? forced.revenueUsdPerHour : 0, 0, isCurrent, unusable));
    }
  }
  return out;
}

function isDuplicate(rig: RigInput, k: number): boolean {
  const offer = rig.offers[k];
  for (let i = 0; i < k; i++) {
    const other = rig.offers[i];
    if (other && offer && other.mode === offer.mode && other.key === offer.key) return true;
  }
  return false;
}

function miningOption(ctx: OptionContext, rig: RigInput, key: string, isCurrent: boolean, idleW: number): RawOption {
  const startSeconds = rig.kind === "ASIC" ? ctx.input.switching.asicStartSeconds : ctx.input.switching.mineStartSeconds;
  const profile = ctx.profiles.get(key);
  if (!profile) return rawOption("MINE", key, idleW, 0, startSeconds, isCurrent, `no mining profile ${key}`);
  const coin = ctx.input.coins[profile.coin];
  if (!coin) return rawOption("MINE", key, idleW, 0, startSeconds, isCurrent, `no price for coin ${profile.coin}`);

  // ASIC: one miner per rig. GPU rig: every healthy GPU with a rate for its model, plus the host.
  let hashrateHs = 0;
  let catalogueW = 0;
  if (rig.kind === "ASIC") {
    const rate = profile.rates[rig.model];
    if (!rate) return rawOption("MINE", key, idleW, 0, startSeconds, isCurrent, `profile ${key} has no rate for ${rig.model}`);
    hashrateHs = rate.hashrateHs;
    catalogueW = rate.powerW;
  } else {
    let devices = 0;
    for (const gpu of rig.gpus) {
      const rate = profile.rates[gpu.model];
      if (!rate || !gpu.healthy) continue;
      devices += 1;
      hashrateHs += rate.hashrateHs;
      catalogueW += rate.powerW;
    }
    if (devices === 0) return rawOption("MINE", key, idleW, 0, startSeconds, isCurrent, `profile ${key} has no rate for this rig's GPUs`);
    catalogueW += idleW;
  }
  const revenue = miningRevenueUsdPerHour({ hashrateHs, usdPerHashPerDay: coin.usdPerHashPerDay, poolFeeBps: profile.poolFeeBps });
  return rawOption("MINE", key, rig.measuredPowerW?.MINE ?? catalogueW, revenue, startSeconds, isCurrent, null);
}

/** Revenue after the start-up loss of a switch (USD/h averaged over the epoch). */
export function netRevenueUsdPerHour(option: RawOption, epochSeconds: number): number {
  if (option.isCurrent) return option.grossRevenueUsdPerHour;
  return option.grossRevenueUsdPerHour * (1 - startLossFraction(option.startSeconds, epochSeconds));
}
