import type { TJob } from "@rigshift/db";

/** What a customer sees of its job: no rig names or internal key prefixes. Money in dollars (number). */
export function publicJob(job: TJob) {
  return {
    id: job.id,
    name: job.name,
    customer: job.customer,
    status: job.status,
    gpuCount: job.gpuCount,
    minVramGbPerGpu: job.minVramGbPerGpu,
    gpuModels: job.gpuModels,
    priceUsdPerGpuHour: job.priceUsdPerGpuHour,
    durationSeconds: job.durationSeconds,
    priority: job.priority,
    deadline: job.deadline,
    preemptible: job.preemptible,
    runtimeProfile: job.runtimeProfile,
    submittedAt: job.submittedAt,
    startedAt: job.startedAt,
    finishedAt: job.finishedAt,
    gpuSecondsDone: job.gpuSecondsDone,
    progressPct: Math.round(job.progressPct * 10) / 10,
    placements: job.placements.map((p) => ({ gpus: p.gpuIndices.length, startedAt: p.startedAt, endedAt: p.endedAt, endReason: p.endReason })),
  };
}
