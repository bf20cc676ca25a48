/**
 * The scenario's fleet with every figure the replay needs, from the hardware catalogue:
 * ASIC hash rate and power (asic_specs), GPU mining hash rate and power per GPU
 * (gpu_mining_hashrates, matched on the coin's name), GPU board power for AI (gpu_specs).
 */
import { findGpuSpec, gpuModelKey, loadAsicSpecs, loadGpuMiningRates, loadGpuSpecs } from "@rigshift/hardware";
import type { MiningProfileInput } from "../engine";
import { ScenarioError } from "./errors";
import type { TScenario, TScenarioRigGroup } from "./scenario";

/** Host draw when idle (W), the same figures the epoch loader uses for real rigs. */
const IDLE_W = { ASIC: 25, GPU_RIG: 150, perGpu: 15 } as const;
export const AI_RUNTIME = "rental";

export interface TFleetSite {
  index: number;
  id: number;
  code: string;
  powerCapKw: number; // facility
  coolingCapacityKw: number; // IT heat
  pue: number;
  /** IT watts the site may draw: the tighter of cap / PUE and cooling (as the engine computes it). */
  limitItW: number;
  policy: { minDwellSeconds: number; hysteresisBps: number };
}

export interface TFleetRig {
  id: number;
  hostname: string;
  siteIndex: number;
  kind: "ASIC" | "GPU_RIG";
  model: string;
  gpuModel: string | null;
  gpuCount: number;
  vramMb: number; // per GPU
  idlePowerW: number;
  /** Whole-rig mining figures; null when the rig has no coin or no rate for it. */
  mining: { coin: string; profileKey: string; poolFeeBps: number; hashrateHs: number; powerW: number; startSeconds: number } | null;
  aiPowerWPerGpu: number | null; // board power; null for ASICs
  group: number; // index in scenario.rigs
}

export interface TFleet {
  sites: TFleetSite[];
  rigs: TFleetRig[];
  profiles: MiningProfileInput[];
  gpuBoardPowerW: Record<string, number>;
}

export function buildFleet(scenario: TScenario): TFleet {
  const sites: TFleetSite[] = scenario.sites.map((s, index) => {
    const cooling = s.coolingCapacityKw ?? s.powerCapKw / s.pue;
    return {
      index,
      id: index + 1,
      code: s.code,
      powerCapKw: s.powerCapKw,
      coolingCapacityKw: cooling,
      pue: s.pue,
      limitItW: Math.min((s.powerCapKw * 1000) / s.pue, cooling * 1000),
      policy: s.policy,
    };
  });
  const asics = loadAsicSpecs();
  const gpuSpecs = loadGpuSpecs();
  const gpuRates = loadGpuMiningRates();
  const profiles = new Map<string, MiningProfileInput>();
  const gpuBoardPowerW: Record<string, number> = {};
  const rigs: TFleetRig[] = [];
  const perName = new Map<string, number>(); // hostnames: site-model-n, n counting across groups

  scenario.rigs.forEach((g, group) => {
    const where = `rigs[${group}] (${g.model})`;
    const siteIndex = sites.findIndex((s) => s.code === g.site);
    let perDevice: { hashrateHs: number; powerW: number } | null = null;
    let devices = 1;
    let gpuModel: string | null = null;
    let vramMb = 0;
    let aiPowerWPerGpu: number | null = null;
    if (g.kind === "ASIC") {
      const spec = asics.find((a) => sameName(a.name, g.model) || sameName(a.fullName, g.model));
      if (!spec) throw new ScenarioError([`${where}: no ASIC "${g.model}" in asic_specs_2024.csv (known: ${asics.map((a) => a.name).join(", ")})`]);
      if (g.coin) perDevice = { hashrateHs: spec.hashrateThs * 1e12, powerW: spec.powerW };
    } else {
      const spec = findGpuSpec(gpuSpecs, g.model);
      if (!spec) throw new ScenarioError([`${where}: no GPU "${g.model}" in gpu_specs.csv (known: ${gpuSpecs.map((s) => s.name).join(", ")})`]);
      gpuModel = g.model;
      devices = g.gpus ?? 1;
      vramMb = Math.round((spec.memoryGb ?? 0) * 1024);
      aiPowerWPerGpu = spec.boardPowerW;
      gpuBoardPowerW[g.model] = spec.boardPowerW;
      if (g.coin) {
        const coin = g.coin;
        const rate = gpuRates.find((r) => r.coin.toUpperCase() === coin.toUpperCase() && gpuModelKey(r.model) === gpuModelKey(g.model));
        if (!rate) throw new ScenarioError([`${where}: no ${coin} mining rate for ${g.model} in gpu_mining_hashrates_2022.csv; leave out "coin" for a rig that does not mine`]);
        perDevice = { hashrateHs: rate.hashrateMhs * 1e6, powerW: rate.powerW };
      }
    }
    const idlePowerW = g.idlePowerW ?? (g.kind === "ASIC" ? IDLE_W.ASIC : IDLE_W.GPU_RIG + IDLE_W.perGpu * devices);
    const mining = perDevice && g.coin ? miningOf(scenario, g, perDevice, devices, idlePowerW, profiles) : null;
    const name = `${g.site}-${g.model.replace(/\s+/g, "")}`;
    for (let i = 0; i < g.count; i++) {
      const id = rigs.length + 1;
      const n = (perName.get(name) ?? 0) + 1;
      perName.set(name, n);
      rigs.push({
        id,
        hostname: `${name}-${n}`,
        siteIndex,
        kind: g.kind,
        model: g.kind === "ASIC" ? g.model : `${devices}x ${g.model}`,
        gpuModel,
        gpuCount: g.kind === "ASIC" ? 0 : devices,
        vramMb,
        idlePowerW,
        mining,
        aiPowerWPerGpu,
        group,
      });
    }
  });
  return { sites, rigs, profiles: [...profiles.values()], gpuBoardPowerW };
}

function miningOf(
  scenario: TScenario,
  g: TScenarioRigGroup,
  perDevice: { hashrateHs: number; powerW: number },
  devices: number,
  idlePowerW: number,
  profiles: Map<string, MiningProfileInput>,
): NonNullable<TFleetRig["mining"]> {
  const coin = g.coin as string;
  const profileKey = `mine-${coin.toLowerCase()}`;
  const profile = profiles.get(profileKey) ?? { key: profileKey, coin, poolFeeBps: scenario.coins[coin]?.poolFeeBps ?? 0, rates: {} };
  profile.rates[g.model] = perDevice; // per miner for ASICs, per GPU for GPU rigs (the engine's convention)
  profiles.set(profileKey, profile);
  const isAsic = g.kind === "ASIC";
  return {
    coin,
    profileKey,
    poolFeeBps: profile.poolFeeBps,
    hashrateHs: perDevice.hashrateHs * devices,
    // The engine's figures: an ASIC draws its rated power; a GPU rig its GPUs plus the host.
    powerW: isAsic ? perDevice.powerW : perDevice.powerW * devices + idlePowerW,
    startSeconds: isAsic ? scenario.switching.asicStartSeconds : scenario.switching.mineStartSeconds,
  };
}

function sameName(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}
