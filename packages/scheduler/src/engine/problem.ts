import { withRoom } from "./arrays";
import { DEFAULT_GPU_POWER_W, hysteresisMarginUsdPerHour, startLossFraction, switchHorizonSeconds, usdPerWattHour } from "./economics";
import { eligibleClasses, SharedClassLists } from "./gpus";
import { catalogueGpuPowerW, compareJobs, gpusPowerW, jobOrderFacts, jobScoreUsdPerHour } from "./jobs";
import type { CurrentState, GpuClass, JobModel, OptionTable, Problem, RigColumns, RigModel, SiteModel } from "./model";
import { OptionRows } from "./option-rows";
import { buildRigModel, type ForcedLoad } from "./rig-model";
import { type OptionContext, profileCoinPrices, profileRates } from "./rig-options";
import { shedLockedRigsOverLimit } from "./shed";
import type { EngineInput, JobInput, RigInput, SiteInput } from "./types";

/** Builds the epoch's model: sites' budgets, rigs' options, jobs' homes and order. Pure. */
export function buildProblem(input: EngineInput): Problem {
  const sites = input.sites.map(siteModel);
  const siteIndexById = new Map(input.sites.map((s, i) => [s.id, i]));
  const { rigIndexById, optionRows } = scanRigs(input);
  const defaultGpuPowerW = DEFAULT_GPU_POWER_W;

  const forced = new Map<number, ForcedLoad>();
  const placedPowerW = new Float64Array(input.rigs.length);
  const powerFacts = { input, defaultGpuPowerW };
  for (let jobIndex = 0; jobIndex < input.jobs.length; jobIndex++) {
    const job = input.jobs[jobIndex] as JobInput;
    const r = job.placement ? rigIndexById.get(job.placement.rigId) : undefined;
    const rig = r === undefined ? undefined : input.rigs[r];
    if (!job.placement || r === undefined || !rig) continue;
    const powerW = gpusPowerW(powerFacts, job, rig, job.placement.gpuIndices);
    placedPowerW[r] = (placedPowerW[r] ?? 0) + powerW;
    if (rig.online && !(job.running && !job.preemptible)) continue;
    const load = forced.get(r) ?? { jobs: [], powerW: 0, revenueUsdPerHour: 0 };
    load.jobs.push({ jobIndex, jobId: job.id, runtime: job.runtime, gpuIndices: job.placement.gpuIndices });
    load.powerW += powerW;
    load.revenueUsdPerHour += job.gpuCount * job.priceUsdPerGpuHour;
    forced.set(r, load);
  }

  const rigCount = input.rigs.length;
  const table = new OptionRows(rigCount, optionRows);
  const ctx: OptionContext = {
    input,
    profiles: new Map(input.profiles.map((p) => [p.key, p])),
    rates: profileRates(input.profiles),
    coinPrices: profileCoinPrices(input.profiles, input.coins),
    dwellTexts: new Map(),
    rows: table,
  };
  const noForced: ForcedLoad = { jobs: [], powerW: 0, revenueUsdPerHour: 0 };
  const dwell: boolean[] = new Array(rigCount);
  const minLoadW = new Float64Array(sites.length); // what no solver can shed: lowest-power options
  const homeDependent: number[] = []; // rigs in AI mode with jobs that may stay: margin set later
  // Lists kept per rig are allocated at their size (see exactSize).
  const rigs: RigModel[] = new Array(rigCount);
  const current: CurrentState = { rigId: new Array(rigCount), jobCount: new Int32Array(rigCount) };
  const sharedClasses = new SharedClassLists();
  const columns: RigColumns = {
    forcedJobCount: new Int32Array(rigCount),
    acceptsNewJobs: new Uint8Array(rigCount),
    classStart: new Int32Array(rigCount + 1),
    classGpuCount: NO_CLASS_ROWS,
  };
  let classGpuCount = new Int32Array(2 * rigCount); // grown with withRoom; rows classRows
  let classRows = 0;
  for (let index = 0; index < rigCount; index++) {
    const rig = input.rigs[index] as RigInput;
    const site = sites[siteIndexById.get(rig.siteId) ?? -1];
    if (!site) throw new Error(`rig ${rig.id} references unknown site ${rig.siteId}`);
    const f = forced.get(index) ?? noForced;
    const model = buildRigModel({ ctx, rig, index, site, forced: f, placedJobsPowerW: placedPowerW[index] ?? 0 });
    dwell[index] = model.dwell;
    const firstRow = table.start[index] as number;
    const endRow = table.start[index + 1] as number;
    if (model.acceptsNewJobs || hasAiOption(table, index)) {
      const held: number[] = f.jobs.length === 0 ? NO_GPUS : [];
      for (const j of f.jobs) held.push(...j.gpuIndices);
      model.classes = eligibleClasses(rig, site.input.policy.maxGpuTempC, held, sharedClasses);
    }
    let minW = Number.POSITIVE_INFINITY;
    for (let k = firstRow; k < endRow; k++) minW = Math.min(minW, table.powerW[k] as number);
    minLoadW[site.index] = (minLoadW[site.index] ?? 0) + minW;
    if (rig.current.mode === "AI" && (placedPowerW[index] ?? 0) > 0) homeDependent.push(index);
    else applyHysteresis(table, model, site, 0);
    columns.forcedJobCount[index] = model.forcedJobs.length;
    columns.acceptsNewJobs[index] = model.acceptsNewJobs ? 1 : 0;
    classGpuCount = withRoom(classGpuCount, classRows, classRows + model.classes.length);
    for (let c = 0; c < model.classes.length; c++) classGpuCount[classRows++] = (model.classes[c] as GpuClass).indices.length;
    columns.classStart[index + 1] = classRows;
    rigs[index] = model;
    current.rigId[index] = rig.id;
    current.jobCount[index] = rig.current.jobIds.length;
  }

  const problem: Problem = {
    input,
    sites,
    rigs,
    jobs: [],
    table,
    rigColumns: columns,
    current,
    // Jobs may land at any site: spread their start-up over the shortest dwell of any site.
    aiStartFraction: startLossFraction(
      input.switching.aiStartSeconds,
      switchHorizonSeconds(input.epochSeconds, Math.min(...input.sites.map((s) => s.policy.minDwellSeconds), Number.POSITIVE_INFINITY)),
    ),
    defaultGpuPowerW,
  };
  problem.jobs = buildJobs(problem, forced, rigIndexById);
  applyHomeHysteresis(problem, table, homeDependent);
  columns.classGpuCount = classGpuCount.slice(0, classRows);
  const shed = shedLockedRigsOverLimit(problem, table, dwell, minLoadW);
  problem.table = shed.size > 0 ? table.tableWith(shed) : table.table();
  // A shed rig takes no new jobs.
  for (const r of shed.keys()) columns.acceptsNewJobs[r] = 0;
  return problem;
}

const NO_CLASS_ROWS = new Int32Array(0);

const NO_GPUS: number[] = [];

/**
 * One pass over the rigs for what is needed before their models: the rig index of each id jobs
 * are placed on (the last rig winning when ids repeat; jobs are a tenth of the rigs or fewer, so
 * this is cheaper than a map of every rig), and how many options the rigs may have (IDLE and one
 * per offer; a few rigs get one more).
 */
function scanRigs(input: EngineInput): { rigIndexById: Map<number, number>; optionRows: number } {
  const byId = new Map<number, number>();
  for (const job of input.jobs) if (job.placement) byId.set(job.placement.rigId, -1);
  const mapIds = byId.size > 0;
  let optionRows = 0;
  for (let r = 0; r < input.rigs.length; r++) {
    const rig = input.rigs[r] as RigInput;
    optionRows += 1 + rig.offers.length;
    if (mapIds && byId.has(rig.id)) byId.set(rig.id, r);
  }
  for (const [id, r] of byId) if (r < 0) byId.delete(id);
  return { rigIndexById: byId, optionRows };
}

function siteModel(site: SiteInput, index: number): SiteModel {
  const capW = (site.powerCapKw * 1000) / site.pue;
  const coolingW = site.coolingCapacityKw * 1000;
  const limitW = Math.max(0, Math.min(capW, coolingW));
  const strike = site.policy.curtailStrikeUsdPerMwh;
  const limitKind = capW <= coolingW ? "CAP" : "COOLING";
  return {
    index,
    input: site,
    usdPerWh: usdPerWattHour(site),
    limitW,
    limitKind,
    budgetW: limitW,
    curtailed: strike !== null && site.electricityUsdPerMwh > strike,
    limitText: limitKind === "CAP" ? `site ${site.code} at its ${fmtKw(site.powerCapKw)} kW cap` : `site ${site.code} at its ${fmtKw(site.coolingCapacityKw)} kW cooling limit`,
    curtailText: `electricity $${site.electricityUsdPerMwh.toFixed(0)}/MWh above curtail strike $${(strike ?? 0).toFixed(0)}/MWh`,
    priceText: `$${site.electricityUsdPerMwh.toFixed(0)}/MWh`,
  };
}

function fmtKw(kw: number): string {
  return kw >= 100 ? kw.toFixed(0) : String(Math.round(kw * 10) / 10);
}

function buildJobs(problem: Problem, forced: Map<number, ForcedLoad>, rigIndexById: Map<number, number>): JobModel[] {
  const { input, rigs } = problem;
  const forcedRigOf = new Map<number, number>();
  for (const [r, load] of forced) for (const j of load.jobs) forcedRigOf.set(j.jobIndex, r);
  const claimed = new Map<number, Set<number>>(); // rig index -> GPU indices held by a home job

  const jobs: JobModel[] = input.jobs.map((job, index) => {
    const forcedRig = forcedRigOf.get(index) ?? -1;
    let home: JobModel["home"] = null;
    if (forcedRig < 0 && job.placement) {
      const r = rigIndexById.get(job.placement.rigId);
      const rig = r === undefined ? undefined : rigs[r];
      if (r !== undefined && rig && homeStillValid(problem.table, rig, job.runtime, job.gpuCount, job.placement.gpuIndices, claimed)) {
        home = { rigIndex: r, gpuIndices: [...job.placement.gpuIndices], powerW: gpusPowerW(problem, job, rig.input, job.placement.gpuIndices) };
      }
    }
    return { index, input: job, grossUsdPerHour: job.gpuCount * job.priceUsdPerGpuHour, forcedRig, home, orderKey: 0 };
  });

  const meanUsdPerWh = problem.sites.reduce((sum, s) => sum + s.usdPerWh, 0) / Math.max(1, problem.sites.length);
  const facts = jobs.map((job) => {
    const j = job.input;
    const revenue = j.priceUsdPerGpuHour * (job.home && j.running ? 1 : 1 - problem.aiStartFraction);
    return jobOrderFacts(j, revenue - typicalGpuPowerW(input, j.gpuModels, j.aiPowerWPerGpu) * meanUsdPerWh);
  });
  const order = jobs.map((_, i) => i).sort((a, b) => compareJobs(facts[a] as never, facts[b] as never));
  order.forEach((jobIndex, position) => {
    (jobs[jobIndex] as JobModel).orderKey = position;
  });
  return jobs;
}

/** A placed job may stay where it is if the rig still runs its runtime and its GPUs are usable. */
function homeStillValid(table: OptionTable, rig: RigModel, runtime: string, gpuCount: number, gpuIndices: number[], claimed: Map<number, Set<number>>): boolean {
  if (gpuIndices.length !== gpuCount) return false;
  let offersRuntime = false;
  for (let k = table.start[rig.index] as number; k < (table.start[rig.index + 1] as number); k++) if (table.isAi[k] === 1 && table.workload[k] === runtime) offersRuntime = true;
  if (!offersRuntime) return false;
  const taken = claimed.get(rig.index) ?? new Set<number>();
  for (let k = 0; k < gpuIndices.length; k++) {
    const g = gpuIndices[k] as number;
    if (taken.has(g) || gpuIndices.indexOf(g) !== k || !isEligible(rig, g)) return false;
  }
  for (const g of gpuIndices) taken.add(g);
  claimed.set(rig.index, taken);
  return true;
}

function isEligible(rig: RigModel, gpuIndex: number): boolean {
  for (const c of rig.classes) if (c.indices.includes(gpuIndex)) return true;
  return false;
}

function typicalGpuPowerW(input: EngineInput, models: string[], own: number | undefined): number {
  if (own !== undefined) return own;
  let sum = 0;
  let known = 0;
  for (const m of models) {
    const w = catalogueGpuPowerW(input, m);
    if (w === undefined) continue;
    sum += w;
    known += 1;
  }
  return known === 0 ? DEFAULT_GPU_POWER_W : sum / known;
}

/**
 * Hysteresis as a fixed adjustment: every option but the current one scores its profit less the
 * margin, so a switch wins only when it gains more than the margin (both solvers see the same).
 * `homeUsdPerHour` is what the jobs that may stay on an AI rig add to its current profit.
 */
function applyHysteresis(table: OptionTable, rig: RigModel, site: SiteModel, homeUsdPerHour: number): void {
  const first = table.start[rig.index] as number;
  const end = table.start[rig.index + 1] as number;
  if (rig.currentOption < 0 || end - first < 2) return;
  const current = first + rig.currentOption;
  const currentProfit = (table.profit[current] as number) + (table.isAi[current] === 1 ? homeUsdPerHour : 0);
  const margin = hysteresisMarginUsdPerHour(site.input.policy.hysteresisBps, currentProfit);
  rig.hysteresisMarginUsdPerHour = margin;
  for (let k = first; k < end; k++) if (table.isCurrent[k] === 0) table.score[k] = (table.profit[k] as number) - margin;
}

/** Hysteresis of rigs in AI mode, whose current profit counts the jobs that may stay. */
function applyHomeHysteresis(problem: Problem, table: OptionTable, rigIndices: readonly number[]): void {
  const homeScore = new Map<number, number>();
  for (const job of problem.jobs) {
    if (!job.home) continue;
    const r = job.home.rigIndex;
    homeScore.set(r, (homeScore.get(r) ?? 0) + jobScoreUsdPerHour(problem, job, r, true, null).scoreUsdPerHour);
  }
  for (const r of rigIndices) {
    const rig = problem.rigs[r] as RigModel;
    applyHysteresis(table, rig, problem.sites[rig.siteIndex] as SiteModel, homeScore.get(r) ?? 0);
  }
}

function hasAiOption(table: OptionTable, r: number): boolean {
  for (let k = table.start[r] as number; k < (table.start[r + 1] as number); k++) if (table.isAi[k] === 1) return true;
  return false;
}
