import type { EngineInput, GpuInput, JobInput, Mode, RigInput, SiteInput } from "../types";
import { type Prng, prng } from "./prng";

/**
 * Seeded farms for tests and the benchmark: ASICs and GPU rigs of several models across sites
 * whose caps bind, rigs in every state (mining, AI with running jobs, idle, offline, pinned,
 * maintenance, recently switched, hot, with a bad GPU), and a queue of jobs of every shape.
 * Figures follow the catalogue and market data in shared/data (2024 hashprice, 2025 GPU rents).
 */
export interface RandomInstanceOptions {
  rigs: number;
  jobs: number;
  sites?: number;
  capShare?: number; // site cap as a share of the most its rigs could draw (default 0.45-0.75)
}

const NOW_MS = Date.UTC(2026, 10, 23, 12, 0, 0);
const GB = 1024;

const ASICS = [
  { model: "S21", hashrateHs: 200e12, powerW: 3500, eco: { hashrateHs: 150e12, powerW: 2450 } },
  { model: "S19 XP", hashrateHs: 140e12, powerW: 3010, eco: { hashrateHs: 110e12, powerW: 2300 } },
  { model: "S19j Pro", hashrateHs: 100e12, powerW: 3050, eco: null },
] as const;

const GPU_MODELS = [
  { model: "RTX 3090", vramMb: 24 * GB, boardW: 350, rent: [0.12, 0.3], kas: 0.9e9, kasW: 260 },
  { model: "RTX 4090", vramMb: 24 * GB, boardW: 450, rent: [0.25, 0.5], kas: 1.3e9, kasW: 300 },
  { model: "A100", vramMb: 80 * GB, boardW: 400, rent: [0.7, 1.4], kas: 0, kasW: 0 },
  { model: "H100", vramMb: 80 * GB, boardW: 700, rent: [1.4, 2.6], kas: 0, kasW: 0 },
] as const;

const RUNTIMES = ["vllm", "docker", "slurm"] as const;

export function randomInstance(seed: number, opts: RandomInstanceOptions): EngineInput {
  const rnd = prng(seed);
  const siteCount = opts.sites ?? 3;
  const sites: SiteInput[] = Array.from({ length: siteCount }, (_, i) => randomSite(rnd, i));
  const rigs: RigInput[] = [];
  for (let i = 0; i < opts.rigs; i++) rigs.push(rnd.chance(0.55) ? randomAsic(rnd, i, sites) : randomGpuRig(rnd, i, sites));
  const jobs = randomJobs(rnd, opts.jobs, rigs);

  // Caps that bind: a share of the most each site's rigs could draw (facility side).
  const maxW = new Map<number, number>();
  for (const rig of rigs) maxW.set(rig.siteId, (maxW.get(rig.siteId) ?? 0) + maxRigPowerW(rig));
  for (const site of sites) {
    const share = opts.capShare ?? rnd.between(0.45, 0.75);
    const itKw = ((maxW.get(site.id) ?? 0) * share) / 1000;
    site.powerCapKw = Math.round(itKw * site.pue);
    site.coolingCapacityKw = Math.round(itKw * rnd.between(0.95, 1.3));
  }

  return {
    nowMs: NOW_MS,
    epochSeconds: 60,
    sites,
    rigs,
    jobs,
    profiles: [
      { key: "btc", coin: "btc", poolFeeBps: 200, rates: Object.fromEntries(ASICS.map((a) => [a.model, { hashrateHs: a.hashrateHs, powerW: a.powerW }])) },
      {
        key: "btc-eco",
        coin: "btc",
        poolFeeBps: 200,
        rates: Object.fromEntries(ASICS.flatMap((a) => (a.eco ? [[a.model, a.eco]] : []))),
      },
      {
        key: "kas",
        coin: "kas",
        poolFeeBps: 100,
        rates: Object.fromEntries(GPU_MODELS.filter((g) => g.kas > 0).map((g) => [g.model, { hashrateHs: g.kas, powerW: g.kasW }])),
      },
    ],
    coins: { btc: { usdPerHashPerDay: rnd.between(0.04, 0.065) * 1e-12 }, kas: { usdPerHashPerDay: rnd.between(0.05, 0.3) * 1e-9 } },
    switching: { mineStartSeconds: 30, asicStartSeconds: 8, aiStartSeconds: 15 },
    gpuBoardPowerW: Object.fromEntries(GPU_MODELS.map((g) => [g.model, g.boardW])),
  };
}

function randomSite(rnd: Prng, i: number): SiteInput {
  return {
    id: i + 1,
    code: ["TX-1", "TX-2", "ND-1", "QC-1", "NO-1"][i] ?? `S-${i + 1}`,
    powerCapKw: 0,
    coolingCapacityKw: 0,
    pue: rnd.between(1.05, 1.35),
    electricityUsdPerMwh: rnd.chance(0.1) ? rnd.between(-30, 0) : rnd.between(15, 90),
    policy: {
      maxInletTempC: 35,
      maxGpuTempC: 85,
      minDwellSeconds: 600,
      hysteresisBps: rnd.pick([0, 300, 500]),
      curtailStrikeUsdPerMwh: rnd.chance(0.3) ? rnd.between(40, 80) : null,
    },
  };
}

function commonState(rnd: Prng, i: number, sites: SiteInput[]) {
  const site = sites[i % sites.length] as SiteInput;
  return {
    id: i + 1,
    siteId: site.id,
    online: !rnd.chance(0.02),
    maintenance: rnd.chance(0.02),
    inletTempC: rnd.chance(0.03) ? rnd.between(36, 40) : rnd.between(20, 30),
    sinceMs: NOW_MS - (rnd.chance(0.1) ? rnd.between(0, 500) : rnd.between(700, 86_400)) * 1000,
  };
}

function randomAsic(rnd: Prng, i: number, sites: SiteInput[]): RigInput {
  const spec = rnd.pick(ASICS);
  const state = commonState(rnd, i, sites);
  const offers: RigInput["offers"] = [{ key: "btc", mode: "MINE" }];
  if (spec.eco && rnd.chance(0.6)) offers.push({ key: "btc-eco", mode: "MINE" });
  const mining = rnd.chance(0.8);
  return {
    id: state.id,
    hostname: `asic-${state.id}`,
    siteId: state.siteId,
    kind: "ASIC",
    model: spec.model,
    online: state.online,
    maintenance: state.maintenance,
    pinned: rnd.chance(0.02) ? { mode: rnd.pick<Mode>(["MINE", "IDLE"]), workload: null } : null,
    gpus: [],
    inletTempC: state.inletTempC,
    idlePowerW: rnd.int(30, 80),
    offers,
    ...(rnd.chance(0.5) && mining ? { measuredPowerW: { MINE: spec.powerW * rnd.between(0.95, 1.05) } } : {}),
    current: { mode: mining ? "MINE" : "IDLE", workload: mining ? "btc" : null, sinceMs: state.sinceMs, jobIds: [] },
  };
}

function randomGpuRig(rnd: Prng, i: number, sites: SiteInput[]): RigInput {
  const spec = rnd.pick(GPU_MODELS);
  const count = rnd.chance(0.75) ? 8 : 4;
  const state = commonState(rnd, i, sites);
  const gpus: GpuInput[] = Array.from({ length: count }, (_, index) => ({
    index,
    model: spec.model,
    vramMb: spec.vramMb,
    healthy: !rnd.chance(0.02),
    tempC: rnd.chance(0.02) ? rnd.between(86, 95) : rnd.between(45, 80),
  }));
  const offers: RigInput["offers"] = [];
  if (spec.kas > 0) offers.push({ key: "kas", mode: "MINE" });
  for (const runtime of RUNTIMES) if (rnd.chance(0.6)) offers.push({ key: runtime, mode: "AI" });
  if (!offers.some((o) => o.mode === "AI")) offers.push({ key: "vllm", mode: "AI" });
  const ai = offers.filter((o) => o.mode === "AI");
  const roll = rnd.next();
  const current: RigInput["current"] =
    roll < 0.45
      ? { mode: "AI", workload: rnd.pick(ai).key, sinceMs: state.sinceMs, jobIds: [] }
      : roll < 0.65 && spec.kas > 0
        ? { mode: "MINE", workload: "kas", sinceMs: state.sinceMs, jobIds: [] }
        : { mode: "IDLE", workload: null, sinceMs: state.sinceMs, jobIds: [] };
  return {
    id: state.id,
    hostname: `gpu-${state.id}`,
    siteId: state.siteId,
    kind: "GPU_RIG",
    model: `${count}x ${spec.model}`,
    online: state.online,
    maintenance: state.maintenance,
    pinned: rnd.chance(0.02) ? { mode: "AI", workload: null } : null,
    gpus,
    inletTempC: state.inletTempC,
    idlePowerW: 150 + count * 30,
    offers,
    current,
  };
}

/** Jobs: about a third already running on rigs in AI mode, the rest queued. */
function randomJobs(rnd: Prng, count: number, rigs: RigInput[]): JobInput[] {
  const jobs: JobInput[] = [];
  const aiRigs = rigs.filter((r) => r.current.mode === "AI");
  const freeGpus = new Map(aiRigs.map((r) => [r.id, r.gpus.map((g) => g.index)]));
  for (let i = 0; i < count; i++) {
    const spec = rnd.pick(GPU_MODELS);
    const gpuCount = rnd.pick([1, 1, 2, 4, 8]);
    const big = spec.vramMb >= 80 * GB;
    const job: JobInput = {
      id: 10_000 + i,
      gpuCount,
      minVramMbPerGpu: big ? rnd.pick([16, 40, 80]) * GB : rnd.pick([8, 16, 24]) * GB,
      gpuModels: rnd.chance(0.3) ? [spec.model] : rnd.chance(0.2) ? ["A100", "H100"] : [],
      priceUsdPerGpuHour: round2(rnd.between(spec.rent[0], spec.rent[1])),
      priority: rnd.int(0, 3),
      deadlineMs: rnd.chance(0.3) ? NOW_MS + rnd.int(1, 48) * 3_600_000 : null,
      preemptible: rnd.chance(0.8),
      runtime: rnd.pick(RUNTIMES),
      placement: null,
      running: false,
    };
    if (rnd.chance(0.35) && aiRigs.length > 0) place(rnd, job, aiRigs, freeGpus);
    jobs.push(job);
  }
  return jobs;
}

function place(rnd: Prng, job: JobInput, aiRigs: RigInput[], freeGpus: Map<number, number[]>): void {
  for (let attempt = 0; attempt < 6; attempt++) {
    const rig = rnd.pick(aiRigs);
    const free = freeGpus.get(rig.id) ?? [];
    const model = rig.gpus[0]?.model ?? "";
    const fits = (job.gpuModels.length === 0 || job.gpuModels.includes(model)) && (rig.gpus[0]?.vramMb ?? 0) >= job.minVramMbPerGpu;
    if (!fits || free.length < job.gpuCount) continue;
    const gpuIndices = free.splice(0, job.gpuCount);
    job.runtime = rig.current.workload ?? job.runtime;
    job.placement = { rigId: rig.id, gpuIndices };
    job.running = true;
    rig.current.jobIds.push(job.id);
    return;
  }
}

function maxRigPowerW(rig: RigInput): number {
  if (rig.kind === "ASIC") return ASICS.find((a) => a.model === rig.model)?.powerW ?? 3500;
  const spec = GPU_MODELS.find((g) => g.model === rig.gpus[0]?.model);
  return rig.idlePowerW + rig.gpus.length * (spec?.boardW ?? 400);
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}
