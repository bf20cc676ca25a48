import type { Database } from "../client";
import { notFound } from "../errors";
import { connectivityOf, type TConnectivityThresholds } from "../fleet/connectivity";
import type { TRigDetail } from "./detail-types";
import { offeredWorkloads } from "./workloads";

/** One rig: identity, devices, latest state, desired state and pin, active placements. */
export async function getRig({ db, rigId, now, thresholds }: { db: Database; rigId: number; now: Date; thresholds: TConnectivityThresholds }): Promise<TRigDetail> {
  const rig = await db.prisma.rig.findUnique({
    where: { id: rigId },
    select: {
      id: true,
      hostname: true,
      kind: true,
      model: true,
      tags: true,
      lifecycle: true,
      agentVersion: true,
      lastSeenAt: true,
      enrolledAt: true,
      pinnedMode: true,
      pinnedWorkload: true,
      pinnedUntil: true,
      workloads: true,
      site: { select: { id: true, code: true, name: true } },
      devices: { orderBy: { index: "asc" }, select: { id: true, index: true, kind: true, model: true, vramMb: true, powerLimitW: true } },
      state: true,
      desiredState: true,
      placements: { where: { endedAt: null }, select: { id: true, gpuIndices: true, startedAt: true, job: { select: { id: true, name: true, customer: true, status: true } } } },
    },
  });
  if (!rig) throw notFound(`rig ${rigId}`);
  const { state: s, desiredState: d } = rig;
  return {
    id: rig.id,
    hostname: rig.hostname,
    kind: rig.kind,
    model: rig.model,
    tags: rig.tags,
    lifecycle: rig.lifecycle,
    agentVersion: rig.agentVersion,
    lastSeenAt: rig.lastSeenAt?.toISOString() ?? null,
    enrolledAt: rig.enrolledAt.toISOString(),
    connectivity: connectivityOf(rig.lastSeenAt, now, thresholds),
    site: rig.site,
    pin: rig.pinnedMode ? { mode: rig.pinnedMode, workload: rig.pinnedWorkload, until: rig.pinnedUntil?.toISOString() ?? null } : null,
    workloads: offeredWorkloads(rig.workloads),
    devices: rig.devices,
    state: s
      ? {
          at: s.at.toISOString(),
          powerW: s.powerW,
          maxTempC: s.maxTempC,
          avgUtilPct: s.avgUtilPct,
          hashrateHs: s.hashrateHs,
          inletTempC: s.inletTempC,
          mode: s.mode,
          workload: s.workload,
          appliedGeneration: s.appliedGeneration,
          healthy: s.healthy,
        }
      : null,
    desired: d
      ? {
          generation: d.generation,
          mode: d.mode,
          workload: d.workload,
          source: d.source,
          jobs: d.jobs as { jobId: number; gpuIndices: number[] }[],
          updatedAt: d.updatedAt.toISOString(),
        }
      : null,
    placements: rig.placements.map((p) => ({ id: p.id, gpuIndices: p.gpuIndices, startedAt: p.startedAt.toISOString(), job: p.job })),
  };
}
