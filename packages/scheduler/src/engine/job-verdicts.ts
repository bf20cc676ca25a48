import { formatUsd } from "./economics";
import { fmtC } from "./gpus";
import { jobFitsClass } from "./jobs";
import type { JobModel, OptionTable, RigModel } from "./model";
import { jobOnRig, type PlanContext, usedGpus } from "./plan-context";
import type { Mode, ReasonCode } from "./types";

// Why a job cannot run on a given rig, checked in stages: rig state, GPU count, model, VRAM,
// health, temperature (hardware), then free GPUs, site room and value (the plan).

/** How far a rig got in taking a job: later stages mean "closer", used to pick what to report. */
export interface Verdict {
  stage: number;
  code: ReasonCode;
  text: (rigName: string) => string;
  r: number;
  usdPerHour: number | null; // the rig's profit had it run the job
}

export const HARDWARE_FITS = 7; // stages from here depend on the plan, not on the rig's hardware
/** How far rig r gets with the job on hardware alone (see hardwareVerdict), without allocating. */
export function hardwareStage(ctx: PlanContext, job: JobModel, r: number): number {
  const rig = ctx.problem.rigs[r] as RigModel;
  const j = job.input;
  if (!rig.acceptsNewJobs || aiRow(ctx.problem.table, r, j.runtime) < 0) return 1;
  if (rig.input.gpus.length < j.gpuCount) return 2;
  const maxC = ctx.problem.sites[rig.siteIndex]?.input.policy.maxGpuTempC ?? Number.POSITIVE_INFINITY;
  let model = 0;
  let vram = 0;
  let healthy = 0;
  let cool = 0;
  for (const g of rig.input.gpus) {
    if (j.gpuModels.length > 0 && !j.gpuModels.includes(g.model)) continue;
    model += 1;
    if (g.vramMb < j.minVramMbPerGpu) continue;
    vram += 1;
    if (!g.healthy) continue;
    healthy += 1;
    if (g.tempC === undefined || g.tempC <= maxC) cool += 1;
  }
  const n = j.gpuCount;
  if (model < n) return 3;
  if (vram < n) return 4;
  if (healthy < n) return 5;
  if (cool < n) return 6;
  return HARDWARE_FITS;
}

/** Row of rig r's AI option of this runtime, or -1. */
function aiRow(table: OptionTable, r: number, runtime: string): number {
  for (let k = table.start[r] as number; k < (table.start[r + 1] as number); k++) if (table.isAi[k] === 1 && table.workload[k] === runtime) return k;
  return -1;
}

/** The rig's hardware verdict with its sentence; the stages match hardwareStage. */
export function hardwareVerdict(ctx: PlanContext, job: JobModel, r: number): Verdict {
  const rig = ctx.problem.rigs[r] as RigModel;
  const j = job.input;
  const n = j.gpuCount;
  const usdPerHour = potentialProfit(ctx, job, r);
  const stage = hardwareStage(ctx, job, r);
  const verdict = (code: ReasonCode, text: (rigName: string) => string): Verdict => ({ stage, code, text, r, usdPerHour });
  if (stage >= HARDWARE_FITS) return verdict("GPUS_BUSY", () => "");
  if (stage === 1) {
    const why = refusal(rig, j.runtime, ctx.problem.sites[rig.siteIndex]?.input.policy.maxInletTempC);
    return verdict(why.code, () => why.text);
  }
  const gpus = rig.input.gpus;
  if (stage === 2) return verdict("GPU_COUNT_TOO_SMALL", (name) => `job ${j.id} needs ${n} GPUs, ${name} has ${gpus.length}`);
  const modelOk = gpus.filter((g) => j.gpuModels.length === 0 || j.gpuModels.includes(g.model));
  if (stage === 3) {
    const has = [...new Set(gpus.map((g) => g.model))].join(", ");
    return verdict("MODEL_NOT_ALLOWED", (name) => `job ${j.id} needs ${j.gpuModels.join(" or ")}, ${name} has ${has}`);
  }
  const vramOk = modelOk.filter((g) => g.vramMb >= j.minVramMbPerGpu);
  if (stage === 4 && vramOk.length === 0) {
    const maxMb = Math.max(...modelOk.map((g) => g.vramMb));
    return verdict("VRAM_TOO_SMALL", (name) => `job ${j.id} needs ${gb(j.minVramMbPerGpu)} GB per GPU, ${name} has ${gb(maxMb)} GB`);
  }
  if (stage === 4) return verdict("GPU_COUNT_TOO_SMALL", (name) => `job ${j.id} needs ${n} GPUs with ${gb(j.minVramMbPerGpu)} GB, ${name} has ${vramOk.length}`);
  const healthy = vramOk.filter((g) => g.healthy);
  if (stage === 5) {
    const bad = vramOk
      .filter((g) => !g.healthy)
      .map((g) => g.index)
      .join(", ");
    return verdict("GPU_UNHEALTHY", (name) => `GPU ${bad} unhealthy: job ${j.id} needs ${n} GPUs, ${name} has ${healthy.length} usable`);
  }
  const maxC = ctx.problem.sites[rig.siteIndex]?.input.policy.maxGpuTempC ?? Number.POSITIVE_INFINITY;
  const hot = healthy.find((g) => g.tempC !== undefined && g.tempC > maxC);
  return verdict("GPU_HOT", () => `GPU ${hot?.index} at ${fmtC(hot?.tempC ?? 0)} C above ${fmtC(maxC)} C limit`);
}

/** Stages that depend on the plan: free GPUs, site room, value. */
export function planVerdict(ctx: PlanContext, job: JobModel, r: number): Verdict {
  const { problem, sol } = ctx;
  const rig = problem.rigs[r] as RigModel;
  const j = job.input;
  const { table } = problem;
  const chosen = (table.start[r] as number) + (sol.option[r] ?? 0);
  const chosenWorkload = table.workload[chosen] ?? null;
  const usdPerHour = potentialProfit(ctx, job, r);
  const v = (stage: number, code: ReasonCode, text: (rigName: string) => string): Verdict => ({ stage, code, text, r, usdPerHour });
  const jobIds = (ctx.rigJobs[r] ?? []).map((k) => problem.jobs[k]?.input.id).join(", ");
  if (table.isAi[chosen] === 1 && chosenWorkload !== j.runtime && (ctx.rigJobs[r]?.length ?? 0) > 0) {
    return v(HARDWARE_FITS, "GPUS_BUSY", (name) => `${name} runs runtime ${chosenWorkload} for jobs ${jobIds}`);
  }
  const used = usedGpus(ctx, r);
  const free = rig.classes.filter((c) => jobFitsClass(j, c)).map((c) => c.indices.filter((g) => !used.has(g)).length);
  if (Math.max(0, ...free) < j.gpuCount) {
    return v(HARDWARE_FITS, "GPUS_BUSY", () => `fitting GPUs busy${jobIds ? ` with jobs ${jobIds}` : ""}`);
  }
  const model = rig.classes.find((c) => jobFitsClass(j, c))?.model ?? "";
  const own = jobOnRig(ctx, job, r, model);
  const ai = aiRow(table, r, j.runtime);
  const chosenW = table.powerW[chosen] as number;
  const switching = table.isAi[chosen] === 1 ? 0 : (ai < 0 ? chosenW : (table.powerW[ai] as number)) - chosenW;
  const site = problem.sites[rig.siteIndex];
  if (site && own.powerW + switching > (ctx.siteSlackW[site.index] ?? 0) + 1e-6) {
    return v(HARDWARE_FITS + 1, site.limitKind, () => site.limitText);
  }
  if (own.scoreUsdPerHour <= 0) {
    const price = site?.input.electricityUsdPerMwh ?? 0;
    return v(HARDWARE_FITS + 2, "UNPROFITABLE", () => `job ${j.id} would lose ${formatUsd(-own.scoreUsdPerHour)}/h at $${price.toFixed(0)}/MWh`);
  }
  const current = ctx.rigProfitUsdPerHour[r] ?? 0;
  return v(
    HARDWARE_FITS + 2,
    "LOWER_PROFIT",
    () =>
      `job ${j.id} would make ${formatUsd(usdPerHour)}/h on this rig, less than ${label({ mode: table.mode[chosen] as Mode, workload: chosenWorkload })} (${formatUsd(current)}/h)`,
  );
}

export function potentialProfit(ctx: PlanContext, job: JobModel, r: number): number {
  const rig = ctx.problem.rigs[r] as RigModel;
  const { table } = ctx.problem;
  const chosen = (table.start[r] as number) + (ctx.sol.option[r] ?? 0);
  const model = rig.classes.find((c) => jobFitsClass(job.input, c))?.model ?? rig.input.gpus[0]?.model ?? "";
  const own = jobOnRig(ctx, job, r, model).scoreUsdPerHour;
  if (table.isAi[chosen] === 1 && table.workload[chosen] === job.input.runtime) return (ctx.rigProfitUsdPerHour[r] ?? 0) + own;
  const ai = aiRow(table, r, job.input.runtime);
  const idleEnergy = (rig.input.measuredPowerW?.IDLE ?? rig.input.idlePowerW) * (ctx.problem.sites[rig.siteIndex]?.usdPerWh ?? 0);
  return (ai < 0 ? -idleEnergy : (table.profit[ai] as number)) + own;
}

/** Why a rig takes no new job of this runtime: its lock, or why its AI option was excluded. */
function refusal(rig: RigModel, runtime: string, maxInletC: number | undefined): { code: ReasonCode; text: string } {
  const excluded = rig.exclusions.find((e) => e.mode === "AI" && e.workload === runtime && e.jobId === null);
  if (rig.lock) return { code: rig.lock.code, text: rig.lock.text };
  if (excluded) return { code: excluded.code, text: excluded.text };
  const heat = rig.exclusions.find((e) => e.code === "INLET_HOT");
  const inlet = rig.input.inletTempC;
  if (heat) return { code: "INLET_HOT", text: heat.text };
  if (inlet !== undefined && maxInletC !== undefined && inlet > maxInletC) {
    return { code: "INLET_HOT", text: `inlet ${fmtC(inlet)} C above ${fmtC(maxInletC)} C limit` };
  }
  return { code: "NOT_OFFERED", text: `rig does not run runtime ${runtime} now` };
}

export function label(o: { mode: string; workload: string | null }): string {
  return o.workload ? `${o.mode} ${o.workload}` : o.mode;
}

function gb(mb: number): string {
  const g = mb / 1024;
  return Number.isInteger(g) ? String(g) : g.toFixed(1);
}
