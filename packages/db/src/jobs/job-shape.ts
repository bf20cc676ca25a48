import { microToUsd } from "../money/usd";
import type { TJob } from "./types";

export const JOB_SELECT = {
  id: true,
  name: true,
  customer: true,
  apiKey: { select: { prefix: true, customer: true } },
  gpuCount: true,
  minVramGbPerGpu: true,
  gpuModels: true,
  priceMicroUsdPerGpuHour: true,
  durationSeconds: true,
  priority: true,
  deadline: true,
  preemptible: true,
  runtimeProfile: true,
  status: true,
  submittedAt: true,
  startedAt: true,
  finishedAt: true,
  gpuSecondsDone: true,
  placements: {
    orderBy: { startedAt: "desc" as const },
    take: 20,
    select: { id: true, rigId: true, gpuIndices: true, startedAt: true, endedAt: true, endReason: true, rig: { select: { hostname: true } } },
  },
} as const;

type TRow = {
  id: number;
  name: string;
  customer: string;
  apiKey: { prefix: string } | null;
  gpuCount: number;
  minVramGbPerGpu: number;
  gpuModels: string[];
  priceMicroUsdPerGpuHour: bigint;
  durationSeconds: number;
  priority: number;
  deadline: Date | null;
  preemptible: boolean;
  runtimeProfile: string;
  status: TJob["status"];
  submittedAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  gpuSecondsDone: bigint;
  placements: { id: number; rigId: number; gpuIndices: number[]; startedAt: Date; endedAt: Date | null; endReason: string | null; rig: { hostname: string } }[];
};

const iso = (d: Date | null) => d?.toISOString() ?? null;

export function jobShape(j: TRow): TJob {
  const planned = j.gpuCount * j.durationSeconds;
  const done = Number(j.gpuSecondsDone);
  return {
    id: j.id,
    name: j.name,
    customer: j.customer,
    apiKeyPrefix: j.apiKey?.prefix ?? null,
    gpuCount: j.gpuCount,
    minVramGbPerGpu: j.minVramGbPerGpu,
    gpuModels: j.gpuModels,
    priceUsdPerGpuHour: microToUsd(j.priceMicroUsdPerGpuHour),
    durationSeconds: j.durationSeconds,
    priority: j.priority,
    deadline: iso(j.deadline),
    preemptible: j.preemptible,
    runtimeProfile: j.runtimeProfile,
    status: j.status,
    submittedAt: j.submittedAt.toISOString(),
    startedAt: iso(j.startedAt),
    finishedAt: iso(j.finishedAt),
    gpuSecondsDone: done,
    progressPct: j.status === "COMPLETED" ? 100 : planned > 0 ? Math.min(100, (done / planned) * 100) : 0,
    placements: j.placements.map((p) => ({
      id: p.id,
      rigId: p.rigId,
      hostname: p.rig.hostname,
      gpuIndices: p.gpuIndices,
      startedAt: p.startedAt.toISOString(),
      endedAt: iso(p.endedAt),
      endReason: p.endReason,
    })),
  };
}
