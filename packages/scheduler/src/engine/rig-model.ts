import { formatDuration, switchHorizonSeconds } from "./economics";
import { fmtC, gpuNotes } from "./gpus";
import type { Exclusion, GpuClass, OptionTable, RigModel, SiteModel } from "./model";
import type { OptionRows } from "./option-rows";
import { idlePowerW, netRevenueUsdPerHour, type OptionContext, type RawOption, type RawOptions, rawOptions } from "./rig-options";
import type { Mode, ReasonCode, RigInput } from "./types";

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
  const { rows } = ctx;
  const policy = site.input.policy;
  const epochSeconds = switchHorizonSeconds(ctx.input.epochSeconds, policy.minDwellSeconds);
  const raw = scratchRaw;
  buildingCount = 0;
  rawOptions(ctx, rig, forced, raw);
  const model: RigModel & { dwell: boolean } = {
    index: args.index,
    input: rig,
    siteIndex: site.index,
    currentOption: -1, // set by finish
    acceptsNewJobs: rig.kind === "GPU_RIG",
    classes: NO_CLASSES, // filled once forced jobs' GPUs are known, for rigs with AI options
    forcedJobs: forced.jobs,
    lock: null,
    exclusions: NONE, // most rigs have none; set by finish
    notes: gpuNotes(rig, policy.maxGpuTempC),
    hysteresisMarginUsdPerHour: 0,
    dwell: false,
  };
  const options = scratchKept;
  options.count = 0;
  let rawCurrent: RawOption | null = null;
  for (let i = 0; i < raw.count; i++) {
    const o = raw.items[i] as RawOption;
    if (o.isCurrent) rawCurrent = o;
    if (o.unusable) excluded(exclusion(o.mode, o.workload, null, "NOT_OFFERED", o.unusable));
    else keep(options, optionRow(o, site, epochSeconds, rows));
  }
  const currentPowerW = estimateCurrentPowerW(rig, rawCurrent, args.placedJobsPowerW);

  if (!rig.online) {
    const kept = rawCurrent ?? synthesizedCurrent(rig, currentPowerW);
    const measured = rig.measuredPowerW?.[rig.current.mode];
    const keptRow = optionRow(measured === undefined ? kept : { ...kept, powerW: measured }, site, epochSeconds, rows);
    for (let i = 0; i < options.count; i++) {
      const row = options.rows[i] as number;
      if (rows.isCurrent[row] === 0) excluded(exclusionOf(rows, row, "OFFLINE", "offline"));
    }
    model.lock = { code: "OFFLINE", text: "offline: keeping its last state" };
    model.acceptsNewJobs = false;
    options.count = 0;
    keep(options, keptRow);
    return finish(model, rows, options);
  }

  if (forced.jobs.length > 0) {
    keepForcedAi(model, options, forced, site, epochSeconds, rows);
  } else if (rig.maintenance) {
    model.lock = { code: "MAINTENANCE", text: "in maintenance" };
    filterModes(rows, options, "matching", "IDLE", null, "MAINTENANCE", "in maintenance");
    model.acceptsNewJobs = false;
  } else if (rig.pinned) {
    keepPinned(model, rows, options);
  } else if (site.curtailed) {
    filterModes(rows, options, "others", "MINE", null, "CURTAIL_STRIKE", site.curtailText);
  }

  const inletC = rig.inletTempC;
  if (inletC !== undefined && inletC > policy.maxInletTempC) {
    const text = `inlet ${fmtC(inletC)} C above ${fmtC(policy.maxInletTempC)} C limit`;
    // Forced jobs never stop, so a rig holding them keeps its one AI option.
    if (forced.jobs.length === 0) {
      let n = 0;
      for (let i = 0; i < options.count; i++) {
        const row = options.rows[i] as number;
        if (rows.mode[row] !== "IDLE" && (rows.powerW[row] as number) > currentPowerW + 1e-6) excluded(exclusionOf(rows, row, "INLET_HOT", text));
        else options.rows[n++] = row;
      }
      options.count = n;
    }
    if (options.count === 0) {
      for (let i = 0; i < raw.count; i++) if (raw.items[i]?.mode === "IDLE") keep(options, optionRow(raw.items[i] as RawOption, site, epochSeconds, rows));
      model.lock = { code: "INLET_HOT", text };
    }
    model.acceptsNewJobs = false; // new jobs add heat; jobs already on the rig may stay
  }

  let current = -1;
  for (let i = 0; i < options.count; i++) if (rows.isCurrent[options.rows[i] as number] === 1) current = options.rows[i] as number;
  const sinceSeconds = (ctx.input.nowMs - rig.current.sinceMs) / 1000;
  if (current >= 0 && model.lock === null && sinceSeconds < policy.minDwellSeconds && options.count > 1) {
    const text = dwellText(ctx, Math.max(0, sinceSeconds), policy.minDwellSeconds);
    for (let i = 0; i < options.count; i++) {
      const row = options.rows[i] as number;
      if (row !== current) excluded(exclusionOf(rows, row, "DWELL", text));
    }
    options.count = 0;
    keep(options, current);
    model.dwell = true;
  }
  let hasAi = false;
  for (let i = 0; i < options.count; i++) if (rows.isAi[options.rows[i] as number] === 1) hasAi = true;
  model.acceptsNewJobs = model.acceptsNewJobs && hasAi;
  return finish(model, rows, options);
}

/**
 * "dwell: switched 5 min ago (minimum 15 min)", built once per problem for each text: after a
 * busy epoch most rigs dwell, tens of thousands at the same few durations.
 */
function dwellText(ctx: OptionContext, sinceSeconds: number, minDwellSeconds: number): string {
  // Keyed as formatDuration rounds: whole minutes from 120 s, else whole seconds.
  const sinceKey = sinceSeconds >= 120 ? -1 - Math.round(sinceSeconds / 60) : Math.round(sinceSeconds);
  let texts = ctx.dwellTexts.get(minDwellSeconds);
  if (texts === undefined) {
    texts = new Map();
    ctx.dwellTexts.set(minDwellSeconds, texts);
  }
  let text = texts.get(sinceKey);
  if (text === undefined) {
    text = `dwell: switched ${formatDuration(sinceSeconds)} ago (minimum ${formatDuration(minDwellSeconds)})`;
    texts.set(sinceKey, text);
  }
  return text;
}

/**
 * The rows of a rig's options while its rules run, ascending (rows made later come later): one
 * scratch list reused rig after rig, filtered in place (see RawOptions).
 */
interface KeptRows {
  count: number;
  rows: Int32Array;
}

function keep(list: KeptRows, row: number): void {
  if (list.count === list.rows.length) {
    const bigger = new Int32Array(list.rows.length * 2);
    bigger.set(list.rows);
    list.rows = bigger;
  }
  list.rows[list.count++] = row;
}

/** Closes the rig's rows in the table and finds its current option. */
function finish(model: RigModel & { dwell: boolean }, rows: OptionRows, options: KeptRows): RigModel & { dwell: boolean } {
  if (buildingCount > 0) model.exclusions = building.slice(0, buildingCount);
  buildingCount = 0;
  model.currentOption = -1;
  for (let i = 0; i < options.count; i++) if (rows.isCurrent[options.rows[i] as number] === 1) model.currentOption = i;
  rows.close(model.index, model.siteIndex, options.rows, options.count);
  return model;
}

/** Running non-preemptible jobs hold the rig in AI mode with their runtime. */
function keepForcedAi(model: RigModel, options: KeptRows, forced: ForcedLoad, site: SiteModel, epochSeconds: number, rows: OptionRows): void {
  const rig = model.input;
  const jobs = forced.jobs;
  let runtime = jobs[0]?.runtime ?? "";
  if (rig.current.mode === "AI") for (const j of jobs) if (j.runtime === rig.current.workload) runtime = j.runtime;
  let ai = -1;
  for (let i = 0; i < options.count; i++) {
    const row = options.rows[i] as number;
    if (rows.mode[row] === "AI" && rows.workload[row] === runtime) ai = row;
  }
  if (ai < 0) {
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
    ai = optionRow(held, site, epochSeconds, rows);
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
  for (let i = 0; i < options.count; i++) {
    const row = options.rows[i] as number;
    if (row !== ai) excluded(exclusionOf(rows, row, code, text));
  }
  model.acceptsNewJobs = !rig.maintenance && (!rig.pinned || rig.pinned.mode === "AI");
  options.count = 0;
  keep(options, ai);
}

function keepPinned(model: RigModel, rows: OptionRows, options: KeptRows): void {
  const pin = model.input.pinned;
  if (!pin) return;
  const label = `${pin.mode}${pin.workload ? `/${pin.workload}` : ""}`;
  let matches = 0;
  for (let i = 0; i < options.count; i++) if (isPinned(rows, options.rows[i] as number, pin)) matches += 1;
  const text = `pinned to ${label} by operator`;
  model.lock = { code: "PINNED", text: matches > 0 ? text : `${text}, which the rig cannot run: idle` };
  model.acceptsNewJobs = model.acceptsNewJobs && pin.mode === "AI" && matches > 0;
  if (matches > 0) filterModes(rows, options, "matching", pin.mode, pin.workload, "PINNED", text);
  else filterModes(rows, options, "matching", "IDLE", null, "PINNED", text);
}

function isPinned(rows: OptionRows, row: number, pin: NonNullable<RigInput["pinned"]>): boolean {
  return rows.mode[row] === pin.mode && (pin.workload === null || rows.workload[row] === pin.workload);
}

/**
 * Keeps the options of one mode (and workload, when given), or all the others; those not kept
 * become exclusions.
 */
function filterModes(rows: OptionRows, options: KeptRows, keep: "matching" | "others", mode: Mode, workload: string | null, code: ReasonCode, text: string): void {
  const keepMatching = keep === "matching";
  let n = 0;
  for (let i = 0; i < options.count; i++) {
    const row = options.rows[i] as number;
    const matches = rows.mode[row] === mode && (workload === null || rows.workload[row] === workload);
    if (matches === keepMatching) options.rows[n++] = row;
    else excluded(exclusionOf(rows, row, code, text));
  }
  options.count = n;
}

/** The option as a new row of `rows`; its index. */
export function optionRow(o: RawOption, site: SiteModel, epochSeconds: number, rows: OptionRows): number {
  return rows.add(o.mode, o.workload, o.isCurrent, o.powerW, netRevenueUsdPerHour(o, epochSeconds), o.powerW * site.usdPerWh);
}

const NONE: Exclusion[] = [];
const scratchRaw: RawOptions = { count: 0, items: [] }; // the rig's raw options, reused rig after rig
const scratchKept: KeptRows = { count: 0, rows: new Int32Array(16) };
const NO_CLASSES: GpuClass[] = [];

/** Adds an exclusion to a finished rig model (the shedding of a site over its limit). */
export function exclude(model: RigModel, e: Exclusion): void {
  if (model.exclusions === NONE) model.exclusions = [e];
  else model.exclusions.push(e);
}

/**
 * The exclusions of the rig being built: one scratch list reused rig after rig (`finish` copies
 * its first buildingCount into the model at their size), not a list grown per rig (see exactSize).
 */
const building: Exclusion[] = [];
let buildingCount = 0;

function excluded(e: Exclusion): void {
  building[buildingCount++] = e;
}

function exclusion(mode: Mode, workload: string | null, usdPerHour: number | null, code: ReasonCode, text: string): Exclusion {
  return { mode, workload, jobId: null, usdPerHour, code, text };
}

function exclusionOf(rows: OptionTable, row: number, code: ReasonCode, text: string): Exclusion {
  return exclusion(rows.mode[row] as Mode, rows.workload[row] ?? null, rows.profit[row] as number, code, text);
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
