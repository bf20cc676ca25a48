import type { EngineInput, EnginePlan } from "./types";

const TOLERANCE_W = 1e-3;

/**
 * Rules every plan must keep, checked from the plan itself: one decision per rig, site power
 * and cooling within limits, no job twice, no GPU twice, jobs only where they may run, no NaN,
 * alternatives sorted. Returns what is broken (empty when the plan is sound).
 */
export function checkPlan(input: EngineInput, plan: EnginePlan): string[] {
  const problems: string[] = [];
  const rigs = new Map(input.rigs.map((r) => [r.id, r]));
  const jobs = new Map(input.jobs.map((j) => [j.id, j]));

  const seen = new Set<number>();
  for (const d of plan.decisions) {
    if (seen.has(d.rigId)) problems.push(`rig ${d.rigId} has two decisions`);
    seen.add(d.rigId);
    for (let k = 1; k < d.alternatives.length; k++) {
      if ((d.alternatives[k]?.usdPerHour ?? 0) > (d.alternatives[k - 1]?.usdPerHour ?? 0)) problems.push(`rig ${d.rigId}: alternatives not sorted`);
    }
  }
  for (const rig of input.rigs) if (!seen.has(rig.id)) problems.push(`rig ${rig.id} has no decision`);
  if (hasNaN(plan)) problems.push("plan holds NaN or Infinity");

  const siteW = new Map<number, number>();
  for (const d of plan.decisions) {
    const rig = rigs.get(d.rigId);
    if (rig) siteW.set(rig.siteId, (siteW.get(rig.siteId) ?? 0) + d.powerW);
  }
  for (const site of input.sites) {
    const itW = siteW.get(site.id) ?? 0;
    if ((itW * site.pue) / 1000 > site.powerCapKw + TOLERANCE_W) problems.push(`site ${site.code} over its power cap`);
    if (itW / 1000 > site.coolingCapacityKw + TOLERANCE_W) problems.push(`site ${site.code} over its cooling capacity`);
  }

  const decisionOf = new Map(plan.decisions.map((d) => [d.rigId, d]));
  const placedJobs = new Set<number>();
  const usedGpus = new Set<string>();
  for (const p of plan.placements) {
    const job = jobs.get(p.jobId);
    const rig = rigs.get(p.rigId);
    const decision = decisionOf.get(p.rigId);
    if (placedJobs.has(p.jobId)) problems.push(`job ${p.jobId} placed twice`);
    placedJobs.add(p.jobId);
    if (!job || !rig || !decision) {
      problems.push(`placement of job ${p.jobId} on rig ${p.rigId} refers to nothing`);
      continue;
    }
    if (decision.mode !== "AI") problems.push(`job ${p.jobId} on rig ${p.rigId} which is not in AI mode`);
    if (!decision.jobIds.includes(p.jobId)) problems.push(`rig ${p.rigId} decision does not list job ${p.jobId}`);
    if (p.gpuIndices.length !== job.gpuCount) problems.push(`job ${p.jobId} got ${p.gpuIndices.length} GPUs, needs ${job.gpuCount}`);
    const kept = job.placement?.rigId === p.rigId && (job.running || !rig.online);
    for (const g of p.gpuIndices) {
      const key = `${p.rigId}:${g}`;
      if (usedGpus.has(key)) problems.push(`GPU ${g} of rig ${p.rigId} used twice`);
      usedGpus.add(key);
      const gpu = rig.gpus.find((x) => x.index === g);
      if (!gpu) problems.push(`job ${p.jobId} on missing GPU ${g} of rig ${p.rigId}`);
      else if (!kept && (gpu.vramMb < job.minVramMbPerGpu || (job.gpuModels.length > 0 && !job.gpuModels.includes(gpu.model)))) {
        problems.push(`job ${p.jobId} on unfit GPU ${g} of rig ${p.rigId}`);
      }
    }
    if (!kept && !rig.offers.some((o) => o.mode === "AI" && o.key === job.runtime)) problems.push(`job ${p.jobId} on rig ${p.rigId} without its runtime`);
  }
  for (const job of input.jobs) {
    const mustStay = job.placement && job.running && !job.preemptible;
    if (mustStay && !plan.placements.some((p) => p.jobId === job.id && p.rigId === job.placement?.rigId)) {
      problems.push(`non-preemptible job ${job.id} was moved or stopped`);
    }
  }
  return problems;
}

function hasNaN(value: unknown): boolean {
  if (typeof value === "number") return !Number.isFinite(value);
  if (Array.isArray(value)) return value.some(hasNaN);
  if (value && typeof value === "object") return Object.values(value).some(hasNaN);
  return false;
}
