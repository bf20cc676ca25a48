/**
 * Reads what the engine needs from Postgres: sites (with the cap in force and the price),
 * rigs with their latest state (RigState, never history), jobs, mining profiles and prices.
 */
import type { Database } from "@rigshift/db";
import { gpuModelKey as gpuModelKeyOf } from "@rigshift/protocol";
import type { EngineInput, GpuInput, JobInput, MiningProfileInput, Mode, RigInput, SiteInput } from "../engine";
import { loadEpochPrices } from "./prices";

export interface TLoadOptions {
  db: Database;
  now: Date;
  epochSeconds: number;
  /** A rig silent for longer than this is offline for scheduling (seconds). */
  offlineAfterSeconds: number;
}

/** Host draw of an idle rig (W): board, CPU, fans, PSU losses; ASIC controller and fans. */
const IDLE_W = { GPU_RIG: 150, ASIC: 25, perGpu: 15 } as const;
export const SWITCHING = { mineStartSeconds: 60, asicStartSeconds: 120, aiStartSeconds: 300 };

export async function loadEngineInput({ db, now, epochSeconds, offlineAfterSeconds }: TLoadOptions): Promise<{ input: EngineInput; sitesWithoutPrice: Map<number, string> }> {
  const sitesRaw = await db.prisma.site.findMany({
    include: { policy: true, capWindows: { where: { startsAt: { lte: now }, endsAt: { gt: now } } } },
  });
  const prices = await loadEpochPrices({ db, at: now, zones: [...new Set(sitesRaw.map((s) => s.marketZone))] });
  const sitesWithoutPrice = new Map<number, string>();
  const sites: SiteInput[] = [];
  for (const s of sitesRaw) {
    const price = prices.electricity.get(s.marketZone);
    if (!price) {
      sitesWithoutPrice.set(s.id, `no electricity price for ${s.marketZone}`);
      continue;
    }
    const capKw = Math.min(s.powerCapKw, ...s.capWindows.map((w) => w.capKw));
    const p = s.policy;
    sites.push({
      id: s.id,
      code: s.code,
      powerCapKw: capKw,
      coolingCapacityKw: s.coolingCapacityKw,
      pue: s.pue,
      electricityUsdPerMwh: price.usdPerMwh,
      policy: {
        maxInletTempC: p?.maxInletTempC ?? 35,
        maxGpuTempC: p?.maxGpuTempC ?? 83,
        minDwellSeconds: p?.minDwellSeconds ?? 900,
        hysteresisBps: p?.hysteresisBps ?? 500,
        curtailStrikeUsdPerMwh: p?.curtailStrikeMicroUsdPerMwh == null ? null : Number(p.curtailStrikeMicroUsdPerMwh) / 1e6,
      },
    });
  }
  const priced = new Set(sites.map((s) => s.id));

  const rigsRaw = await loadRigs(db, [...priced]);
  const rigs: RigInput[] = rigsRaw.map((r) => {
    const latest = new Map(((r.state?.devices ?? []) as { index: number; tempC?: number; errors?: number; eccUncorrected?: number }[]).map((d) => [d.index, d]));
    const gpus: GpuInput[] = r.devices
      .filter((d) => d.kind === "GPU")
      .map((d) => {
        const reading = latest.get(d.index);
        return { index: d.index, model: d.model, vramMb: d.vramMb ?? 0, healthy: !reading?.errors && !reading?.eccUncorrected, tempC: reading?.tempC };
      });
    const pinActive = r.pinnedMode && (!r.pinnedUntil || r.pinnedUntil > now);
    const currentMode: Mode = r.desiredState?.mode ?? r.state?.mode ?? "IDLE";
    return {
      id: r.id,
      hostname: r.hostname,
      siteId: r.siteId,
      kind: r.kind,
      model: r.model,
      online: !!r.lastSeenAt && now.getTime() - r.lastSeenAt.getTime() <= offlineAfterSeconds * 1000,
      maintenance: r.lifecycle === "MAINTENANCE",
      pinned: pinActive ? { mode: r.pinnedMode!, workload: r.pinnedWorkload } : null,
      gpus,
      inletTempC: r.state?.inletTempC ?? undefined,
      idlePowerW: r.kind === "ASIC" ? IDLE_W.ASIC : IDLE_W.GPU_RIG + IDLE_W.perGpu * gpus.length,
      offers: ((r.workloads ?? []) as { key: string; mode: Mode }[]).map((w) => ({ key: w.key, mode: w.mode })),
      measuredPowerW: r.state?.powerW && r.state.mode ? { [r.state.mode]: r.state.powerW } : undefined,
      current: {
        mode: currentMode,
        workload: r.desiredState?.workload ?? null,
        // Dwell counts from the last switch someone decided; a rig's enrollment default is no switch.
        sinceMs: r.desiredState && r.desiredState.source !== "DEFAULT" ? r.desiredState.updatedAt.getTime() : 0,
        jobIds: ((r.desiredState?.jobs ?? []) as { jobId: number }[]).map((j) => j.jobId),
      },
    };
  });

  const jobsRaw = await db.prisma.aiJob.findMany({
    where: { status: { in: ["QUEUED", "PLACED", "RUNNING"] } },
    include: { placements: { where: { endedAt: null } } },
  });
  const jobs: JobInput[] = jobsRaw.map((j) => {
    const active = j.placements[0];
    return {
      id: j.id,
      gpuCount: j.gpuCount,
      minVramMbPerGpu: Math.round(j.minVramGbPerGpu * 1024),
      gpuModels: j.gpuModels,
      priceUsdPerGpuHour: Number(j.priceMicroUsdPerGpuHour) / 1e6,
      priority: j.priority,
      deadlineMs: j.deadline?.getTime() ?? null,
      preemptible: j.preemptible,
      runtime: j.runtimeProfile,
      placement: active ? { rigId: active.rigId, gpuIndices: active.gpuIndices } : null,
      running: j.status === "RUNNING",
    };
  });

  // Rates are keyed by the catalogue's model names; rigs report theirs ("NVIDIA GeForce RTX 3090"):
  // match on the canonical key and re-key by the names this fleet uses.
  const fleetModels = new Set(rigs.flatMap((r) => [r.model, ...r.gpus.map((g) => g.model)]));
  const profilesRaw = await db.prisma.miningProfile.findMany({ include: { rates: true } });
  const profiles: MiningProfileInput[] = profilesRaw.map((p) => {
    const byKey = new Map(p.rates.map((r) => [gpuModelKeyOf(r.hardwareModel), r]));
    const rates: MiningProfileInput["rates"] = {};
    for (const model of fleetModels) {
      const rate = byKey.get(gpuModelKeyOf(model));
      if (rate) rates[model] = { hashrateHs: rate.hashrateHs, powerW: rate.powerW };
    }
    return { key: p.key, coin: p.coin, poolFeeBps: p.poolFeeBps, rates };
  });

  const gpuBoardPowerW: Record<string, number> = {};
  const catalogue = await db.prisma.gpuModel.findMany({ select: { name: true, boardPowerW: true } });
  const boardByKey = new Map(catalogue.map((g) => [gpuModelKeyOf(g.name), g.boardPowerW]));
  for (const model of fleetModels) {
    const w = boardByKey.get(gpuModelKeyOf(model));
    if (w) gpuBoardPowerW[model] = w;
  }

  return {
    input: { nowMs: now.getTime(), epochSeconds, sites, rigs, jobs, profiles, coins: prices.coins, switching: SWITCHING, gpuBoardPowerW },
    sitesWithoutPrice,
  };
}

interface TRigRow {
  id: number;
  hostname: string;
  siteId: number;
  kind: "GPU_RIG" | "ASIC";
  model: string;
  lifecycle: string;
  lastSeenAt: Date | null;
  pinnedMode: Mode | null;
  pinnedWorkload: string | null;
  pinnedUntil: Date | null;
  workloads: unknown;
  devices: { index: number; kind: string; model: string; vramMb: number | null }[];
  state: { mode: Mode | null; powerW: number | null; inletTempC: number | null; devices: unknown } | null;
  desiredState: { mode: Mode; workload: string | null; jobs: unknown; updatedAt: Date; source: string } | null;
}

/**
 * The fleet in two plain queries (rigs with their latest and desired state; their GPUs), joined
 * here by rig id. The ORM's relation loading took 280-360 ms for 3,000 rigs, these 170 ms
 * (scripts/bench/epoch.ts, under load). Rigs in id order, devices in the order they were recorded.
 */
async function loadRigs(db: Database, siteIds: number[]): Promise<TRigRow[]> {
  const [rigs, devices] = await Promise.all([
    db.pool.query(
      `SELECT r.id, r.hostname, r."siteId", r.kind, r.model, r.lifecycle, r."lastSeenAt", r."pinnedMode", r."pinnedWorkload", r."pinnedUntil", r.workloads,
              s."rigId" AS "stateRigId", s.mode AS "stateMode", s."powerW" AS "statePowerW", s."inletTempC" AS "stateInletTempC", s.devices AS "stateDevices",
              ds.mode AS "desiredMode", ds.workload AS "desiredWorkload", ds.jobs AS "desiredJobs", ds."updatedAt" AS "desiredUpdatedAt", ds.source AS "desiredSource"
       FROM "Rig" r LEFT JOIN "RigState" s ON s."rigId" = r.id LEFT JOIN "DesiredState" ds ON ds."rigId" = r.id
       WHERE r.lifecycle <> 'RETIRED' AND r."siteId" = ANY($1::int[])
       ORDER BY r.id`,
      [siteIds],
    ),
    db.pool.query<{ rigId: number; index: number; kind: string; model: string; vramMb: number | null }>(
      `SELECT d."rigId", d.index, d.kind, d.model, d."vramMb"
       FROM "Device" d JOIN "Rig" r ON r.id = d."rigId"
       WHERE r.lifecycle <> 'RETIRED' AND r."siteId" = ANY($1::int[])
       ORDER BY d."rigId", d.id`,
      [siteIds],
    ),
  ]);
  const byRig = new Map<number, TRigRow["devices"]>();
  for (const d of devices.rows) {
    let list = byRig.get(d.rigId);
    if (!list) {
      list = [];
      byRig.set(d.rigId, list);
    }
    list.push({ index: d.index, kind: d.kind, model: d.model, vramMb: d.vramMb });
  }
  return rigs.rows.map((r) => ({
    id: r.id,
    hostname: r.hostname,
    siteId: r.siteId,
    kind: r.kind,
    model: r.model,
    lifecycle: r.lifecycle,
    lastSeenAt: r.lastSeenAt,
    pinnedMode: r.pinnedMode,
    pinnedWorkload: r.pinnedWorkload,
    pinnedUntil: r.pinnedUntil,
    workloads: r.workloads,
    devices: byRig.get(r.id) ?? [],
    state: r.stateRigId === null ? null : { mode: r.stateMode, powerW: r.statePowerW, inletTempC: r.stateInletTempC, devices: r.stateDevices },
    desiredState:
      r.desiredSource === null ? null : { mode: r.desiredMode, workload: r.desiredWorkload, jobs: r.desiredJobs, updatedAt: r.desiredUpdatedAt, source: r.desiredSource },
  }));
}
