import { HARDWARE_FITS, hardwareStage, hardwareVerdict, planVerdict, potentialProfit, type Verdict } from "./job-verdicts";
import { placementOrder } from "./jobs";
import type { Exclusion, JobModel } from "./model";
import type { PlanContext } from "./plan-context";

const SCAN_LIMIT = 20_000; // rigs checked per job shape, to keep explanations linear
const FITTING_KEPT = 12;
const ANNOTATED_RIGS = 2; // rigs that get an unplaced job among their alternatives

export interface JobExplanations {
  unplaced: { jobId: number; reason: string }[];
  rigAnnotations: Map<number, Exclusion[]>;
}

/** Why each unplaced job is unplaced, and the same fact as an alternative on the closest rigs. */
export function explainUnplacedJobs(ctx: PlanContext): JobExplanations {
  const { problem } = ctx;
  const unplaced: JobExplanations["unplaced"] = [];
  const rigAnnotations = new Map<number, Exclusion[]>();
  let anyUnplaced = false;
  for (let j = 0; j < ctx.sol.jobRig.length; j++) if ((ctx.sol.jobRig[j] ?? 0) < 0) anyUnplaced = true;
  if (!anyUnplaced) return { unplaced, rigAnnotations };

  const offering = new Map<string, number[]>();
  const gpuRigs: number[] = [];
  for (const rig of problem.rigs) {
    if (rig.input.kind !== "GPU_RIG") continue;
    gpuRigs.push(rig.index);
    for (const offer of rig.input.offers) {
      if (offer.mode !== "AI") continue;
      const list = offering.get(offer.key) ?? [];
      if (list[list.length - 1] !== rig.index) list.push(rig.index);
      offering.set(offer.key, list);
    }
  }
  const shapeCache = new Map<string, Verdict[]>();

  const order = placementOrder(problem.jobs);
  for (const job of order) {
    if ((ctx.sol.jobRig[job.index] ?? -1) >= 0) continue;
    const rigs = offering.get(job.input.runtime);
    let verdicts: Verdict[];
    if (!rigs || rigs.length === 0) {
      verdicts = gpuRigs.slice(0, ANNOTATED_RIGS).map((r) => runtimeMissing(ctx, job, r));
    } else {
      const key = `${job.input.runtime}|${job.input.gpuModels.join(",")}|${job.input.minVramMbPerGpu}|${job.input.gpuCount}`;
      let shape = shapeCache.get(key);
      if (!shape) {
        shape = scanHardware(ctx, job, rigs);
        shapeCache.set(key, shape);
      }
      verdicts = shape.map((v) => (v.stage >= HARDWARE_FITS ? planVerdict(ctx, job, v.r) : v));
      verdicts.sort((a, b) => b.stage - a.stage || (b.usdPerHour ?? 0) - (a.usdPerHour ?? 0) || a.r - b.r);
    }
    const top = verdicts[0];
    const reason = !rigs || rigs.length === 0 ? `no rig offers runtime ${job.input.runtime}` : top ? top.text(`rig ${problem.rigs[top.r]?.input.hostname}`) : "no GPU rig";
    unplaced.push({ jobId: job.input.id, reason });
    for (const v of verdicts.slice(0, ANNOTATED_RIGS)) {
      if (v.usdPerHour === null) continue;
      const list = rigAnnotations.get(v.r) ?? [];
      list.push({ mode: "AI", workload: job.input.runtime, jobId: job.input.id, usdPerHour: v.usdPerHour, code: v.code, text: v.text("rig") });
      rigAnnotations.set(v.r, list);
    }
  }
  return { unplaced, rigAnnotations };
}

function runtimeMissing(ctx: PlanContext, job: JobModel, r: number): Verdict {
  const text = (rig: string) => `job ${job.input.id} needs runtime ${job.input.runtime}, which ${rig} does not offer`;
  return { stage: 0, code: "RUNTIME_NOT_OFFERED", text, r, usdPerHour: potentialProfit(ctx, job, r) };
}

/** Hardware stages for the rigs offering the runtime: the furthest few, and some that fit. */
function scanHardware(ctx: PlanContext, job: JobModel, rigs: number[]): Verdict[] {
  let furthest: number[] = [];
  let furthestStage = -1;
  const fitting: number[] = [];
  const perSite = new Map<number, number>();
  const limit = Math.min(rigs.length, SCAN_LIMIT);
  for (let k = 0; k < limit; k++) {
    const r = rigs[k] as number;
    const stage = hardwareStage(ctx, job, r);
    if (stage >= HARDWARE_FITS) {
      const site = ctx.problem.rigs[r]?.siteIndex ?? 0;
      const n = perSite.get(site) ?? 0;
      if (n < 4) {
        fitting.push(r);
        perSite.set(site, n + 1);
      }
      if (fitting.length >= FITTING_KEPT) break;
    } else if (stage > furthestStage) {
      furthest = [r];
      furthestStage = stage;
    } else if (stage === furthestStage && furthest.length < ANNOTATED_RIGS) furthest.push(r);
  }
  const chosen = fitting.length > 0 ? fitting : furthest;
  const out: Verdict[] = [];
  for (const r of chosen) out.push(hardwareVerdict(ctx, job, r));
  return out;
}
