import { exactSize } from "./arrays";
import { formatDuration, switchHorizonSeconds } from "./economics";
import { fmtC, gpuNotes } from "./gpus";
import type { Exclusion, GpuClass, OptionModel, RigModel, SiteModel } from "./model";
import { type OptionNumbers, StoredOption } from "./option-numbers";
import { idlePowerW, netRevenueUsdPerHour, type OptionContext, type RawOption, type RawOptions, rawOptions } from "./rig-options";
import type { ReasonCode, RigInput } from "./types";

// Hot path (once per rig): plain loops, no callbacks (see rig-options.ts).

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
  const epochSeconds = switchHorizonSeconds(ctx.input.epochSeconds, policy.minDwellSeconds);
  const raw = scratchRaw;
  rawOptions(ctx, rig, forced, raw);
  const model: RigModel & { dwell: boolean } = {
    index: args.index,
    input: rig,
    siteIndex: site.index,
    options: NO_OPTIONS, // set by finish
    currentOption: -1,
    acceptsNewJobs: rig.kind === "GPU_RIG",
    classes: NO_CLASSES, // filled once forced jobs' GPUs are known, for rigs with AI options
    forcedJobs: forced.jobs,
    lock: null,
    exclusions: NONE, // most rigs have none: allocated on the first one
    notes: gpuNotes(rig, policy.maxGpuTempC),
    hysteresisMarginUsdPerHour: 0,
    dwell: false,
  };
  let usable = 0;
  for (let i = 0; i < raw.count; i++) if (!raw.items[i]?.unusable) usable += 1;
  // Allocated at its size: most rigs keep this list as it is (see exactSize).
  const offered: OptionModel[] = new Array(usable);
  let options = offered;
  let rawCurrent: RawOption | null = null;
  for (let i = 0, n = 0; i < raw.count; i++) {
    const o = raw.items[i] as RawOption;
    if (o.isCurrent) rawCurrent = o;
    if (o.unusable) exclude(model, exclusion(o.mode, o.workload, null, "NOT_OFFERED", o.unusable));
    else options[n++] = optionModel(o, site, epochSeconds, ctx.numbers);
  }
  const currentPowerW = estimateCurrentPowerW(rig, rawCurrent, args.placedJobsPowerW);

  if (!rig.online) {
    const kept = rawCurrent ?? synthesizedCurrent(rig, currentPowerW);
    const measured = rig.measuredPowerW?.[rig.current.mode];
    const keptModel = optionModel(measured === undefined ? kept : { ...kept, powerW: measured }, site, epochSeconds, ctx.numbers);
    for (const o of options) if (!o.isCurrent) exclude(model, exclusionOf(o, "OFFLINE", "offline"));
    model.lock = { code: "OFFLINE", text: "offline: keeping its last state" };
    model.acceptsNewJobs = false;
    return finish(model, [keptModel], null);
  }

  if (forced.jobs.length > 0) {
    options = keepForcedAi(model, options, forced, site, epochSeconds, ctx.numbers);
  } else if (rig.maintenance) {
    model.lock = { code: "MAINTENANCE", text: "in maintenance" };
    options = keepModes(model, options, "IDLE", null, "MAINTENANCE", "in maintenance");
    model.acceptsNewJobs = false;
  } else if (rig.pinned) {
    options = keepPinned(model, options);
  } else if (site.curtailed) {
    options = dropMode(model, options, "MINE", "CURTAIL_STRIKE", site.curtailText);
  }

  const inletC = rig.inletTempC;
  if (inletC !== undefined && inletC > policy.maxInletTempC) {
    const text = `inlet ${fmtC(inletC)} C above ${fmtC(policy.maxInletTempC)} C limit`;
    // Forced jobs never stop, so a rig holding them keeps its one AI option.
    if (forced.jobs.length === 0) {
      const kept: OptionModel[] = [];
      for (const o of options) {
        if (o.mode !== "IDLE" && o.powerW > currentPowerW + 1e-6) exclude(model, exclusionOf(o, "INLET_HOT", text));
        else kept.push(o);
      }
      options = kept;
    }
    if (options.length === 0) {
      for (let i = 0; i < raw.count; i++) if (raw.items[i]?.mode === "IDLE") options.push(optionModel(raw.items[i] as RawOption, site, epochSeconds, ctx.numbers));
      model.lock = { code: "INLET_HOT", text };
    }
    model.acceptsNewJobs = false; // new jobs add heat; jobs already on the rig may stay
  }

  let current: OptionModel | null = null;
  for (const o of options) if (o.isCurrent) current = o;
  const sinceSeconds = (ctx.input.nowMs - rig.current.sinceMs) / 1000;
  if (current && model.lock === null && sinceSeconds < policy.minDwellSeconds && options.length > 1) {
    const text = `dwell: switched ${formatDuration(Math.max(0, sinceSeconds))} ago (minimum ${formatDuration(policy.minDwellSeconds)})`;
    for (const o of options) if (o !== current) exclude(model, exclusionOf(o, "DWELL", text));
    options = [current];
    model.dwell = true;
  }
  let hasAi = false;
  for (const o of options) if (o.mode === "AI") hasAi = true;
  model.acceptsNewJobs = model.acceptsNewJobs && hasAi;
  return finish(model, options, offered);
}

/** Sets the rig's options (`exact` is a list already at its size, kept as it is). */
function finish(model: RigModel & { dwell: boolean }, options: OptionModel[], exact: OptionModel[] | null): RigModel & { dwell: boolean } {
  model.options = options === exact ? options : exactSize(options);
  if (model.exclusions !== NONE) model.exclusions = exactSize(model.exclusions);
  model.currentOption = -1;
  for (let i = 0; i < options.length; i++) if (options[i]?.isCurrent) model.currentOption = i;
  return model;
}

/** Running non-preemptible jobs hold the rig in AI mode with their runtime. */
function keepForcedAi(model: RigModel, options: OptionModel[], forced: ForcedLoad, site: SiteModel, epochSeconds: number, numbers: OptionNumbers): OptionModel[] {
  const rig = model.input;
  const jobs = forced.jobs;
  let runtime = jobs[0]?.runtime ?? "";
  if (rig.current.mode === "AI") for (const j of jobs) if (j.runtime === rig.current.workload) runtime = j.runtime;
  let ai: OptionModel | null = null;
  for (const o of options) if (o.mode === "AI" && o.workload === runtime) ai = o;
  if (!ai) {
    // The rig no longer offers the runtime its forced jobs run in: they keep running regardless.
    const isCurrent = rig.current.mode === "AI" && rig.current.workload === runtime;
    const held: RawOption = {
      mode: "AI",
      workload: runtime,
      powerW: idlePowerW(rig) + forced.powerW,
      grossRevenueUsdPerHour: forced.revenueUsdPerHour,
      startSeconds: 0,
      isCurrent,
      unusable: null,
    };
    ai = optionModel(held, site, epochSeconds, numbers);
  }
  let list = "";
  for (const j of jobs) list += `${list ? ", " : ""}job ${j.jobId}`;
  const text = rig.maintenance
    ? `maintenance: waiting for non-preemptible ${list}`
    : rig.pinned && rig.pinned.mode !== "AI"
      ? `pinned to ${rig.pinned.mode} by operator, but non-preemptible ${list} is running`
      : `non-preemptible ${list} running`;
  const code: ReasonCode = rig.maintenance ? "MAINTENANCE" : "NON_PREEMPTIBLE";
  model.lock = { code, text };
  for (const o of options) if (o !== ai) exclude(model, exclusionOf(o, code, text));
  model.acceptsNewJobs = !rig.maintenance && (!rig.pinned || rig.pinned.mode === "AI");
  return [ai];
}

function keepPinned(model: RigModel, options: OptionModel[]): OptionModel[] {
  const pin = model.input.pinned;
  if (!pin) return options;
  const label = `${pin.mode}${pin.workload ? `/${pin.workload}` : ""}`;
  const matches: OptionModel[] = [];
  for (const o of options) if (o.mode === pin.mode && (pin.workload === null || o.workload === pin.workload)) matches.push(o);
  const text = `pinned to ${label} by operator`;
  model.lock = { code: "PINNED", text: matches.length > 0 ? text : `${text}, which the rig cannot run: idle` };
  model.acceptsNewJobs = model.acceptsNewJobs && pin.mode === "AI" && matches.length > 0;
  if (matches.length > 0) {
    for (const o of options) if (!matches.includes(o)) exclude(model, exclusionOf(o, "PINNED", text));
    return matches;
  }
  return keepModes(model, options, "IDLE", null, "PINNED", text);
}

/** Keeps the options of one mode (and workload, when given); the rest become exclusions. */
function keepModes(model: RigModel, options: OptionModel[], mode: OptionModel["mode"], workload: string | null, code: ReasonCode, text: string): OptionModel[] {
  const kept: OptionModel[] = [];
  for (const o of options) {
    if (o.mode === mode && (workload === null || o.workload === workload)) kept.push(o);
    else exclude(model, exclusionOf(o, code, text));
  }
  return kept;
}

function dropMode(model: RigModel, options: OptionModel[], mode: OptionModel["mode"], code: ReasonCode, text: string): OptionModel[] {
  const kept: OptionModel[] = [];
  for (const o of options) {
    if (o.mode === mode) exclude(model, exclusionOf(o, code, text));
    else kept.push(o);
  }
  return kept;
}

export function optionModel(o: RawOption, site: SiteModel, epochSeconds: number, numbers: OptionNumbers): OptionModel {
  const revenue = netRevenueUsdPerHour(o, epochSeconds);
  const energy = o.powerW * site.usdPerWh;
  const row = numbers.add(o.powerW, revenue, energy, revenue - energy, revenue - energy);
  return new StoredOption(o.mode, o.workload, o.isCurrent, numbers, row);
}

const NONE: Exclusion[] = [];
const scratchRaw: RawOptions = { count: 0, items: [] }; // the rig's raw options, reused rig after rig
const NO_CLASSES: GpuClass[] = [];
const NO_OPTIONS: OptionModel[] = [];

export function exclude(model: RigModel, e: Exclusion): void {
  if (model.exclusions === NONE) model.exclusions = [e];
  else model.exclusions.push(e);
}

function exclusion(mode: OptionModel["mode"], workload: string | null, usdPerHour: number | null, code: ReasonCode, text: string): Exclusion {
  return { mode, workload, jobId: null, usdPerHour, code, text };
}

function exclusionOf(o: OptionModel, code: ReasonCode, text: string): Exclusion {
  return exclusion(o.mode, o.workload, o.profitUsdPerHour, code, text);
}

function synthesizedCurrent(rig: RigInput, powerW: number): RawOption {
  return { mode: rig.current.mode, workload: rig.current.workload, powerW, grossRevenueUsdPerHour: 0, startSeconds: 0, isCurrent: true, unusable: null };
}

/** What the rig draws now: telemetry when known, else the catalogue figure of its current state. */
function estimateCurrentPowerW(rig: RigInput, current: RawOption | null, placedJobsPowerW: number): number {
  const measured = rig.measuredPowerW?.[rig.current.mode];
  if (measured !== undefined) return measured;
  if (rig.current.mode === "AI") return idlePowerW(rig) + placedJobsPowerW;
  return current?.powerW ?? idlePowerW(rig);
}
