/**
 * Facts the ledger is built from, written directly: for finance tests and the e2e finance seed
 * (scripts/test/seed-finance.ts). Test-only: never imported by the app.
 */
import type { Database } from "../client";

/** A mining profile with one catalogue rate (per GPU for GPU rigs, per miner for ASICs). */
export async function seedProfile(db: Database, p: { key: string; coin: string; poolFeeBps: number; hardwareModel: string; hashrateHs: number; powerW: number }): Promise<number> {
  const profile = await db.prisma.miningProfile.upsert({
    where: { key: p.key },
    create: { key: p.key, name: p.key, coin: p.coin, algorithm: "test", poolUrl: "stratum+tcp://pool.invalid:3333", poolFeeBps: p.poolFeeBps },
    update: { coin: p.coin, poolFeeBps: p.poolFeeBps },
  });
  await db.prisma.miningProfileRate.upsert({
    where: { profileId_hardwareModel: { profileId: profile.id, hardwareModel: p.hardwareModel } },
    create: { profileId: profile.id, hardwareModel: p.hardwareModel, hashrateHs: p.hashrateHs, powerW: p.powerW },
    update: { hashrateHs: p.hashrateHs, powerW: p.powerW },
  });
  return profile.id;
}

/** Price points of a series (created on first use), values in micro-USD of the series' unit. */
export async function seedPrices(db: Database, key: string, points: { at: Date; intervalSeconds: number; valueMicroUsd: bigint }[]) {
  const kind = key.startsWith("electricity:") ? "ELECTRICITY" : key.startsWith("hashprice:") ? "HASHPRICE" : "COIN";
  const unit = kind === "ELECTRICITY" ? "USD/MWh" : kind === "HASHPRICE" ? "USD/TH/day" : "USD/coin";
  const feed = await db.prisma.priceFeed.upsert({ where: { name: "test" }, create: { name: "test", kind: "MANUAL" }, update: {} });
  const series = await db.prisma.priceSeries.upsert({
    where: { key },
    create: { key, kind, unit, feedId: feed.id, zone: kind === "ELECTRICITY" ? key.split(":").slice(1, 3).join(":") : null },
    update: {},
  });
  for (const p of points) {
    await db.prisma.pricePoint.upsert({
      where: { seriesId_at: { seriesId: series.id, at: p.at } },
      create: { seriesId: series.id, ...p },
      update: { intervalSeconds: p.intervalSeconds, valueMicroUsd: p.valueMicroUsd },
    });
  }
}

/** A scheduler decision (and its run, one per epoch start). */
export async function seedDecision(db: Database, d: { rigId: number; at: Date; mode: "MINE" | "AI" | "IDLE"; workload?: string | null; jobIds?: number[]; powerW?: number }) {
  const run = await db.prisma.schedulerRun.upsert({ where: { epochStart: d.at }, create: { epochStart: d.at, workerId: "test", finishedAt: d.at }, update: {} });
  const row = await db.prisma.decision.create({
    data: {
      runId: run.id,
      rigId: d.rigId,
      at: d.at,
      mode: d.mode,
      workload: d.workload ?? null,
      jobIds: d.jobIds ?? [],
      expectedMicroUsdPerHour: 0n,
      powerW: d.powerW ?? 0,
      reasonCode: "BEST_PROFIT",
      reason: "test",
      changed: true,
    },
    select: { id: true },
  });
  return row.id;
}

/** An hourly telemetry rollup as rollupTelemetry writes it. */
export async function seedRigHour(db: Database, h: { rigId: number; hour: Date; energyWh: number | null; hashrateHsAvg: number | null; minutesCovered?: number }) {
  await db.prisma.rigHour.upsert({
    where: { rigId_hour: { rigId: h.rigId, hour: h.hour } },
    create: { rigId: h.rigId, hour: h.hour, samples: 60, powerWAvg: h.energyWh, energyWh: h.energyWh, hashrateHsAvg: h.hashrateHsAvg, minutesCovered: h.minutesCovered ?? 60 },
    update: { powerWAvg: h.energyWh, energyWh: h.energyWh, hashrateHsAvg: h.hashrateHsAvg, minutesCovered: h.minutesCovered ?? 60 },
  });
}

/** An AI job and its placement on a rig over [startedAt, endedAt). */
export async function seedPlacedJob(
  db: Database,
  j: { rigId: number; gpuIndices: number[]; priceMicroUsdPerGpuHour: bigint; startedAt: Date; endedAt: Date | null; customer?: string },
) {
  const job = await db.prisma.aiJob.create({
    data: {
      name: `job-${j.rigId}-${j.startedAt.toISOString()}`,
      customer: j.customer ?? "test",
      gpuCount: j.gpuIndices.length,
      minVramGbPerGpu: 8,
      priceMicroUsdPerGpuHour: j.priceMicroUsdPerGpuHour,
      durationSeconds: 86_400,
      runtimeProfile: "pytorch",
      status: j.endedAt ? "COMPLETED" : "RUNNING",
      startedAt: j.startedAt,
    },
  });
  await db.prisma.placement.create({
    data: { jobId: job.id, rigId: j.rigId, gpuIndices: j.gpuIndices, startedAt: j.startedAt, endedAt: j.endedAt, activeJobId: j.endedAt ? null : job.id },
  });
  return job.id;
}
