import { formatDuration } from "./economics";
import type { Exclusion, GpuClass, OptionModel, RigLock, RigModel, SiteModel } from "./model";
import { idlePowerW, netRevenueUsdPerHour, type OptionContext, type RawOption, rawOptions } from "./rig-options";
import type { Mode, RigInput } from "./types";

/** Jobs a rig must keep whatever the economics: running non-preemptible ones, or any on an offline rig. */
export interface ForcedLoad {
  jobs: { jobIndex: number; jobId: number; runtime: string; gpuIndices: number[] }[];
  powerW: number;
  revenueUsdPerHour: number;
}

export interface RigModelArgs {
  ctx: OptionContext;
  rig: RigInput;
  index: number;
  site: SiteModel;
  forced: ForcedLoad;
  placedJobsPowerW: number; // every job placed on the rig now, for its current power estimate
}

/** A rig's options after every rule: offline, maintenance, forced jobs, pin, curtail, heat, dwell. */
export function buildRigModel(args: RigModelArgs): RigModel & { dwell: boolean } {
  const { ctx, rig, site, forced } = args;
  const policy = site.input.policy;
  const raw = rawOptions(ctx, rig, forced);
  const exclusions: Exclusion[] = [];
  const notes = gpuNotes(rig, policy.maxGpuTempC);
  const toModel = (o: RawOption): OptionModel => optionModel(o, site, ctx.input.epochSeconds);
  const exclude = (options: OptionModel[], code: Exclusion["code"], text: string) => {
    for (const o of options) exclusions.push(exclusionOf(o, code, text));
  };

  let options: OptionModel[] = [];
  for (const o of raw) {
    if (o.unusable) {
      exclusions.push({ mode: o.mode, workload: o.workload, jobId: null, usdPerHour: null, code: "NOT_OFFERED", text: o.unusable });
    } else options.push(toModel(o));
  }
  const currentPowerW = estimateCurrentPowerW(rig, raw, args.placedJobsPowerW);
  let lock: RigLock | null = null;
  let acceptsNewJobs = rig.kind === "GPU_RIG";
  let dwell = false;
  const base = { index: args.index, input: rig, siteIndex: site.index, forcedJobs: forced.jobs, notes };

  if (!rig.online) {
    const kept = raw.find((o) => o.isCurrent) ?? synthesizedCurrent(rig, currentPowerW);
    const keptModel = toModel({ ...kept, powerW: rig.measuredPowerW?.[rig.current.mode] ?? kept.powerW });
    exclude(options.filter((o) => !o.isCurrent), "OFFLINE", "offline");
    return finish(base, [keptModel], exclusions, { code: "OFFLINE", text: "offline: keeping its last state" }, false, false);
  }

  const jobList = forced.jobs.map((j) => `job ${j.jobId}`).join(", ");
  if (forced.jobs.length > 0) {
    const runtime =
      rig.current.mode === "AI" && forced.jobs.some((j) => j.runtime === rig.current.workload)
        ? (rig.current.workload as string)
        : (forced.jobs[0]?.runtime as string);
    const ai =
      options.find((o) => o.mode === "AI" && o.workload === runtime) ??
      toModel({
        mode: "AI",
        workload: runtime,
        powerW: idlePowerW(rig) + forced.powerW,
        grossRevenueUsdPerHour: forced.revenueUsdPerHour,
        startSeconds: 0,
        isCurrent: rig.current.mode === "AI" && rig.current.workload === runtime,
        unusable: null,
      });
    const why = rig.maintenance
      ? `maintenance: waiting for non-preemptible ${jobList}`
      : rig.pinned && rig.pinned.mode !== "AI"
        ? `pinned to ${rig.pinned.mode} by operator, but non-preemptible ${jobList} is running`
        : `non-preemptible ${jobList} running`;
    lock = { code: rig.maintenance ? "MAINTENANCE" : "NON_PREEMPTIBLE", text: why };
    exclude(options.filter((o) => o !== ai), lock.code, why);
    options = [ai];
    acceptsNewJobs = !rig.maintenance && (!rig.pinned || rig.pinned.mode === "AI");
  } else if (rig.maintenance) {
    lock = { code: "MAINTENANCE", text: "in maintenance" };
    const idle = options.filter((o) => o.mode === "IDLE");
    exclude(options.filter((o) => o.mode !== "IDLE"), "MAINTENANCE", "in maintenance");
    options = idle;
    acceptsNewJobs = false;
  } else if (rig.pinned) {
    const pin = rig.pinned;
    const label = `${pin.mode}${pin.workload ? `/${pin.workload}` : ""}`;
    const matches = options.filter((o) => o.mode === pin.mode && (pin.workload === null || o.workload === pin.workload));
    const text = matches.length > 0 ? `pinned to ${label} by operator` : `pinned to ${label} by operator, which the rig cannot run: idle`;
    lock = { code: "PINNED", text };
    const kept = matches.length > 0 ? matches : options.filter((o) => o.mode === "IDLE");
    exclude(options.filter((o) => !kept.includes(o)), "PINNED", `pinned to ${label} by operator`);
    options = kept;
    acceptsNewJobs = acceptsNewJobs && pin.mode === "AI" && matches.length > 0;
  } else if (site.curtailed) {
    const price = site.input.electricityUsdPerMwh;
    const strike = site.input.policy.curtailStrikeUsdPerMwh ?? 0;
    const text = `electricity $${price.toFixed(0)}/MWh above curtail strike $${strike.toFixed(0)}/MWh`;
    exclude(options.filter((o) => o.mode === "MINE"), "CURTAIL_STRIKE", text);
    options = options.filter((o) => o.mode !== "MINE");
  }

  const inletC = rig.inletTempC;
  if (inletC !== undefined && inletC > policy.maxInletTempC) {
    const text = `inlet ${fmtC(inletC)} C above ${fmtC(policy.maxInletTempC)} C limit`;
    // Forced jobs never stop, so a rig holding them keeps its one AI option.
    const hot = forced.jobs.length > 0 ? [] : options.filter((o) => o.mode !== "IDLE" && o.powerW > currentPowerW + 1e-6);
    exclude(hot, "INLET_HOT", text);
    options = options.filter((o) => !hot.includes(o));
    if (options.length === 0) {
      options = raw.filter((o) => o.mode === "IDLE").map(toModel);
      lock = { code: "INLET_HOT", text };
    }
    acceptsNewJobs = false; // new jobs add heat; jobs already on the rig may stay
  }

  const current = options.find((o) => o.isCurrent);
  const sinceSeconds = (ctx.input.nowMs - rig.current.sinceMs) / 1000;
  if (current && lock === null && sinceSeconds < policy.minDwellSeconds && options.length > 1) {
    const text = `dwell: switched ${formatDuration(Math.max(0, sinceSeconds))} ago (minimum ${formatDuration(policy.minDwellSeconds)})`;
    exclude(options.filter((o) => o !== current), "DWELL", text);
    options = [current];
    dwell = true;
  }
  const hasAi = options.some((o) => o.mode === "AI");
  return finish(base, options, exclusions, lock, acceptsNewJobs && hasAi, dwell);
}

function finish(
  base: Pick<RigModel, "index" | "input" | "siteIndex" | "forcedJobs" | "notes">,
  options: OptionModel[],
  exclusions: Exclusion[],
  lock: RigLock | null,
  acceptsNewJobs: boolean,
  dwell: boolean,
): RigModel & { dwell: boolean } {
  return {
    ...base,
    options,
    currentOption: options.findIndex((o) => o.isCurrent),
    acceptsNewJobs,
    classes: [], // filled once forced jobs' GPUs are known
    lock,
    exclusions,
    hysteresisMarginUsdPerHour: 0,
    dwell,
  };
}

export function optionModel(o: RawOption, site: SiteModel, epochSeconds: number): OptionModel {
  const revenue = netRevenueUsdPerHour(o, epochSeconds);
  const energy = o.powerW * site.usdPerWh;
  return {
    mode: o.mode,
    workload: o.workload,
    powerW: o.powerW,
    revenueUsdPerHour: revenue,
    energyUsdPerHour: energy,
    profitUsdPerHour: revenue - energy,
    scoreUsdPerHour: revenue - energy,
    isCurrent: o.isCurrent,
  };
}

function exclusionOf(o: OptionModel, code: Exclusion["code"], text: string): Exclusion {
  return { mode: o.mode, workload: o.workload, jobId: null, usdPerHour: o.profitUsdPerHour, code, text };
}

function synthesizedCurrent(rig: RigInput, powerW: number): RawOption {
  const mode: Mode = rig.current.mode;
  return { mode, workload: rig.current.workload, powerW, grossRevenueUsdPerHour: 0, startSeconds: 0, isCurrent: true, unusable: null };
}

/** What the rig draws now: telemetry when known, else the catalogue figure of its current state. */
function estimateCurrentPowerW(rig: RigInput, raw: RawOption[], placedJobsPowerW: number): number {
  const measured = rig.measuredPowerW?.[rig.current.mode];
  if (measured !== undefined) return measured;
  const current = raw.find((o) => o.isCurrent);
  if (rig.current.mode === "AI") return idlePowerW(rig) + placedJobsPowerW;
  return current?.powerW ?? idlePowerW(rig);
}

function gpuNotes(rig: RigInput, maxGpuTempC: number): string[] {
  const notes: string[] = [];
  for (const gpu of rig.gpus) {
    if (!gpu.healthy) notes.push(`GPU ${gpu.index} unhealthy`);
    else if (gpu.tempC !== undefined && gpu.tempC > maxGpuTempC)
      notes.push(`GPU ${gpu.index} at ${fmtC(gpu.tempC)} C above ${fmtC(maxGpuTempC)} C limit`);
  }
  return notes;
}

/** GPUs a new or kept job may use: healthy, at or below the GPU temperature limit, not held by forced jobs. */
export function eligibleClasses(rig: RigInput, maxGpuTempC: number, heldIndices: Set<number>): GpuClass[] {
  const byKey = new Map<string, GpuClass>();
  for (const gpu of rig.gpus) {
    if (!gpu.healthy || heldIndices.has(gpu.index)) continue;
    if (gpu.tempC !== undefined && gpu.tempC > maxGpuTempC) continue;
    const key = `${gpu.model}\u0000${gpu.vramMb}`;
    let cls = byKey.get(key);
    if (!cls) {
      cls = { model: gpu.model, vramMb: gpu.vramMb, indices: [] };
      byKey.set(key, cls);
    }
    cls.indices.push(gpu.index);
  }
  return [...byKey.values()];
}

export function fmtC(c: number): string {
  return Number.isInteger(c) ? String(c) : c.toFixed(1);
}
