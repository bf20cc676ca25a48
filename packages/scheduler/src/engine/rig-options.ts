import { miningRevenueUsdPerHour, startLossFraction } from "./economics";
import type { EngineInput, MiningProfileInput, Mode, RigInput } from "./types";

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

/**
 * IDLE, every offered mining profile and every offered AI runtime. AI power and revenue here
 * cover only the jobs the rig cannot drop (`forced`); jobs added by the solvers come on top.
 */
export function rawOptions(
  ctx: OptionContext,
  rig: RigInput,
  forced: { powerW: number; revenueUsdPerHour: number },
): RawOption[] {
  const idleW = idlePowerW(rig);
  const out: RawOption[] = [
    {
      mode: "IDLE",
      workload: null,
      powerW: idleW,
      grossRevenueUsdPerHour: 0,
      startSeconds: 0,
      isCurrent: isCurrentOption(rig, "IDLE", null),
      unusable: null,
    },
  ];
  const seen = new Set<string>();
  for (const offer of rig.offers) {
    const key = `${offer.mode}:${offer.key}`;
    if (offer.mode === "IDLE" || seen.has(key)) continue;
    seen.add(key);
    const isCurrent = isCurrentOption(rig, offer.mode, offer.key);
    if (offer.mode === "MINE") out.push(miningOption(ctx, rig, offer.key, isCurrent));
    else out.push(aiOption(ctx, rig, offer.key, isCurrent, idleW, forced));
  }
  return out;
}

function miningOption(ctx: OptionContext, rig: RigInput, key: string, isCurrent: boolean) {
  const base = { mode: "MINE" as const, workload: key, isCurrent };
  const startSeconds =
    rig.kind === "ASIC" ? ctx.input.switching.asicStartSeconds : ctx.input.switching.mineStartSeconds;
  const unusable = (why: string): RawOption => ({
    ...base,
    powerW: idlePowerW(rig),
    grossRevenueUsdPerHour: 0,
    startSeconds,
    unusable: why,
  });
  const profile = ctx.profiles.get(key);
  if (!profile) return unusable(`no mining profile ${key}`);
  const coin = ctx.input.coins[profile.coin];
  if (!coin) return unusable(`no price for coin ${profile.coin}`);

  // ASIC: one miner per rig. GPU rig: every healthy GPU with a rate for its model, plus the host.
  let hashrateHs = 0;
  let catalogueW = 0;
  if (rig.kind === "ASIC") {
    const rate = profile.rates[rig.model];
    if (!rate) return unusable(`profile ${key} has no rate for ${rig.model}`);
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
    if (devices === 0) return unusable(`profile ${key} has no rate for this rig's GPUs`);
    catalogueW += idlePowerW(rig);
  }
  return {
    ...base,
    powerW: rig.measuredPowerW?.MINE ?? catalogueW,
    grossRevenueUsdPerHour: miningRevenueUsdPerHour({
      hashrateHs,
      usdPerHashPerDay: coin.usdPerHashPerDay,
      poolFeeBps: profile.poolFeeBps,
    }),
    startSeconds,
    unusable: null,
  };
}

function aiOption(
  ctx: OptionContext,
  rig: RigInput,
  runtime: string,
  isCurrent: boolean,
  idleW: number,
  forced: { powerW: number; revenueUsdPerHour: number },
): RawOption {
  return {
    mode: "AI",
    workload: runtime,
    powerW: idleW + forced.powerW,
    grossRevenueUsdPerHour: forced.revenueUsdPerHour,
    startSeconds: 0, // AI start-up is charged per job, not per rig (see jobRevenueUsdPerHour)
    isCurrent,
    unusable: rig.kind === "ASIC" ? "an ASIC cannot run AI jobs" : null,
  };
}

/** Revenue after the start-up loss of a switch (USD/h averaged over the epoch). */
export function netRevenueUsdPerHour(option: RawOption, epochSeconds: number): number {
  if (option.isCurrent) return option.grossRevenueUsdPerHour;
  return option.grossRevenueUsdPerHour * (1 - startLossFraction(option.startSeconds, epochSeconds));
}
