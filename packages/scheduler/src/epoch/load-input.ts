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

  const rigs = await loadRigs({ db, siteIds: [...priced], nowMs: now.getTime(), offlineAfterSeconds });

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

const RIGS_SQL = `
SELECT r.id, r.hostname, r."siteId", r.kind, r.model, r.lifecycle, r."pinnedMode", r."pinnedWorkload",
       (extract(epoch FROM r."lastSeenAt") * 1000)::float8 AS "lastSeenMs", (extract(epoch FROM r."pinnedUntil") * 1000)::float8 AS "pinnedUntilMs",
       r.workloads::text AS workloads,
       s."rigId" AS "stateRigId", s.mode AS "stateMode", s."powerW" AS "statePowerW", s."inletTempC" AS "stateInletTempC", s.devices::text AS "stateDevices",
       ds.mode AS "desiredMode", ds.workload AS "desiredWorkload", ds.jobs::text AS "desiredJobs", ds.source AS "desiredSource",
       (extract(epoch FROM ds."updatedAt") * 1000)::float8 AS "desiredUpdatedMs"
FROM "Rig" r LEFT JOIN "RigState" s ON s."rigId" = r.id LEFT JOIN "DesiredState" ds ON ds."rigId" = r.id
WHERE r.lifecycle <> 'RETIRED' AND r."siteId" = ANY($1::int[])
ORDER BY r.id`;

/** Each rig's GPUs as one JSON array of [index, vramMb, model] (other devices play no part in scheduling). */
const GPUS_SQL = `
SELECT d."rigId", json_agg(json_build_array(d.index, d."vramMb", d.model) ORDER BY d.id)::text AS gpus
FROM "Device" d
WHERE d.kind = 'GPU' AND d."rigId" IN (SELECT id FROM "Rig" WHERE lifecycle <> 'RETIRED' AND "siteId" = ANY($1::int[]))
GROUP BY d."rigId"`;

/**
 * The fleet in two plain queries (rigs with their latest and desired state; their GPUs, one row
 * per rig), joined here by rig id straight into the engine's rig input. The rows carry times as epoch
 * milliseconds, JSON as text parsed here once per distinct value (most rigs share their workloads
 * and desired jobs). At 100k rigs (533k GPUs) the GPUs cost about 0.5 s of CPU this way, client
 * and server together, against 1.3 s as one row per device (measured under load). Rigs in id order.
 */
async function loadRigs({ db, siteIds, nowMs, offlineAfterSeconds }: { db: Database; siteIds: number[]; nowMs: number; offlineAfterSeconds: number }): Promise<RigInput[]> {
  const [rigs, gpus] = await Promise.all([db.pool.query(RIGS_SQL, [siteIds]), db.pool.query<{ rigId: number; gpus: string }>(GPUS_SQL, [siteIds])]);
  const gpusByRig = new Map(gpus.rows.map((g) => [g.rigId, g.gpus]));
  const names = new Map<string, string>(); // see canonical
  const parsed = new Map<string, unknown>();
  const shared = (text: string | null) => {
    if (text === null) return null;
    let value = parsed.get(text);
    if (value === undefined) {
      value = JSON.parse(text);
      parsed.set(text, value);
    }
    return value;
  };
  return rigs.rows.map((r): RigInput => {
    const gpuJson = gpusByRig.get(r.id);
    const recorded: [number, number | null, string][] = gpuJson ? JSON.parse(gpuJson) : [];
    const hasState = r.stateRigId !== null;
    // Latest readings differ from rig to rig: parsed, not shared.
    const readings = (hasState && r.stateDevices !== "[]" ? JSON.parse(r.stateDevices) : undefined) as
      | { index: number; tempC?: number; errors?: number; eccUncorrected?: number }[]
      | undefined;
    const latest = readings?.length ? new Map(readings.map((d) => [d.index, d])) : undefined;
    const gpus: GpuInput[] = recorded.map(([index, vramMb, model]) => {
      const reading = latest?.get(index);
      return { index, model: canonical(names, model), vramMb: vramMb ?? 0, healthy: !reading?.errors && !reading?.eccUncorrected, tempC: reading?.tempC };
    });
    const hasDesired = r.desiredSource !== null;
    const pinActive = r.pinnedMode && (r.pinnedUntilMs === null || r.pinnedUntilMs > nowMs);
    const currentMode = modeOf((hasDesired ? r.desiredMode : null) ?? (hasState ? r.stateMode : null) ?? "IDLE");
    return {
      id: r.id,
      hostname: r.hostname,
      siteId: r.siteId,
      kind: r.kind,
      model: canonical(names, r.model),
      online: r.lastSeenMs !== null && nowMs - r.lastSeenMs <= offlineAfterSeconds * 1000,
      maintenance: r.lifecycle === "MAINTENANCE",
      pinned: pinActive ? { mode: modeOf(r.pinnedMode), workload: r.pinnedWorkload === null ? null : canonical(names, r.pinnedWorkload) } : null,
      gpus,
      inletTempC: (hasState ? r.stateInletTempC : null) ?? undefined,
      idlePowerW: r.kind === "ASIC" ? IDLE_W.ASIC : IDLE_W.GPU_RIG + IDLE_W.perGpu * gpus.length,
      offers: ((shared(r.workloads) ?? []) as { key: string; mode: Mode }[]).map((w) => ({ key: w.key, mode: w.mode })),
      measuredPowerW: hasState && r.statePowerW && r.stateMode ? { [r.stateMode]: r.statePowerW } : undefined,
      current: {
        mode: currentMode,
        workload: hasDesired && r.desiredWorkload !== null ? canonical(names, r.desiredWorkload) : null,
        // Dwell counts from the last switch someone decided; a rig's enrollment default is no switch.
        sinceMs: hasDesired && r.desiredSource !== "DEFAULT" ? r.desiredUpdatedMs : 0,
        jobIds: (((hasDesired ? shared(r.desiredJobs) : null) ?? []) as { jobId: number }[]).map((j) => j.jobId),
      },
    };
  });
}

/**
 * One string object per distinct name (GPU and rig models, workloads) across the fleet. Each row
 * from Postgres brings its own copy of a name: 533k GPUs named "NVIDIA GeForce RTX 3090" were
 * 533k strings, about 20 MB of the input, and every comparison of two of them in the engine read
 * both. Shared, they compare by identity: at 100k rigs the engine's model took a quarter less time.
 */
function canonical(names: Map<string, string>, name: string): string {
  const known = names.get(name);
  if (known !== undefined) return known;
  names.set(name, name);
  return name;
}

/** The mode as the engine's own string constant (compared by identity), from a Postgres enum value. */
function modeOf(value: string): Mode {
  if (value === "MINE") return "MINE";
  if (value === "AI") return "AI";
  if (value === "IDLE") return "IDLE";
  throw new Error(`unknown rig mode ${value}`);
}
