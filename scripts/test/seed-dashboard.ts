/**
 * The dashboard specs' farm: two sites, ten rigs in every mode, a day of telemetry (a week for
 * one rig), decisions, events, alerts, jobs, prices, a customer API key and a spare enrollment
 * token. Written directly (no agents). The sites' market zones have no electricity price, so the
 * scheduler worker running beside the specs leaves these rigs alone (it decides priced sites only). Online rigs report "an hour ahead" so that they stay
 * online however long a spec runs against the short test thresholds (stale after 8 s).
 * The counts the specs expect are computed here from the same table that seeds them.
 */
import { createApiKey, createEnrollmentToken, type Database, refreshAlerts, rollupTelemetry } from "@rigshift/db";
import { seedSite } from "@rigshift/db/testing";
import { seedHistory, seedRig, seedRun, type TRigSpec } from "../../packages/db/src/testkit/seed-farm";

type TFarmRig = Omit<TRigSpec, "siteId"> & { hostname: string; site: "E2E-1" | "E2E-2" };
const ONLINE = -3600;

export const FARM: TFarmRig[] = [
  { site: "E2E-1", hostname: "e2e-mine-01", mode: "MINE", powerW: 3000, maxTempC: 64, tags: ["row-a"], lastSeenAgoSeconds: ONLINE },
  { site: "E2E-1", hostname: "e2e-mine-02", mode: "MINE", powerW: 3000, maxTempC: 66, tags: ["row-a"], lastSeenAgoSeconds: ONLINE },
  { site: "E2E-1", hostname: "e2e-mine-03", mode: "MINE", powerW: 3000, maxTempC: 65, tags: ["row-b"], lastSeenAgoSeconds: ONLINE },
  { site: "E2E-1", hostname: "e2e-hot-01", mode: "MINE", powerW: 3200, maxTempC: 91, tags: ["row-b"], lastSeenAgoSeconds: ONLINE, healthy: false },
  { site: "E2E-1", hostname: "e2e-ai-01", mode: "AI", powerW: 2800, maxTempC: 70, model: "RTX 4090", lastSeenAgoSeconds: ONLINE },
  { site: "E2E-1", hostname: "e2e-idle-01", mode: "IDLE", powerW: 300, maxTempC: 40, lastSeenAgoSeconds: ONLINE },
  { site: "E2E-1", hostname: "e2e-off-01", mode: "MINE", powerW: 3000, lastSeenAgoSeconds: 7200 },
  { site: "E2E-2", hostname: "e2e-asic-01", kind: "ASIC", mode: "MINE", powerW: 3500, maxTempC: 70, lastSeenAgoSeconds: ONLINE },
  { site: "E2E-2", hostname: "e2e-asic-02", kind: "ASIC", mode: "MINE", powerW: 3500, maxTempC: 72, lastSeenAgoSeconds: ONLINE },
  { site: "E2E-2", hostname: "e2e-maint-01", kind: "ASIC", mode: "IDLE", powerW: 100, maxTempC: 30, lifecycle: "MAINTENANCE", lastSeenAgoSeconds: ONLINE },
];

type TClass = "mining" | "ai" | "idle" | "maintenance" | "offline";
const classOf = (r: TFarmRig): TClass =>
  r.lifecycle === "MAINTENANCE" ? "maintenance" : (r.lastSeenAgoSeconds ?? 0) > 60 ? "offline" : r.mode === "MINE" ? "mining" : r.mode === "AI" ? "ai" : "idle";

/** What the overview must show: rigs per class and power (kW, reporting rigs only), per site and farm-wide. */
export function expectations() {
  const tally = (rigs: TFarmRig[]) => {
    const counts: Record<TClass, number> = { mining: 0, ai: 0, idle: 0, maintenance: 0, offline: 0 };
    for (const r of rigs) counts[classOf(r)] += 1;
    const powerKw = rigs.filter((r) => classOf(r) !== "offline").reduce((s, r) => s + (r.powerW ?? 0), 0) / 1000;
    return { ...counts, total: rigs.length, powerKw };
  };
  return { farm: tally(FARM), sites: { "E2E-1": tally(FARM.filter((r) => r.site === "E2E-1")), "E2E-2": tally(FARM.filter((r) => r.site === "E2E-2")) } };
}

export async function seedDashboard(db: Database, site1: { id: number }) {
  const now = new Date();
  await db.prisma.site.update({ where: { id: site1.id }, data: { powerCapKw: 40, marketZone: "E2E:ZONE-1" } });
  const site2 = await seedSite(db, { code: "E2E-2", powerCapKw: 20 });
  await db.prisma.site.update({ where: { id: site2.id }, data: { marketZone: "E2E:ZONE-2" } });
  const siteIds = { "E2E-1": site1.id, "E2E-2": site2.id };
  const rigs: Record<string, { id: number; deviceIds: number[] }> = {};
  for (const r of FARM) rigs[r.hostname] = await seedRig(db, { ...r, siteId: siteIds[r.site] }, now);

  const day = 24 * 3600_000;
  for (const r of FARM.filter((x) => classOf(x) !== "offline")) {
    const rig = rigs[r.hostname]!;
    await seedHistory(db, {
      rigId: rig.id,
      deviceIds: rig.deviceIds,
      from: new Date(now.getTime() - day),
      to: now,
      stepSeconds: 60,
      powerW: r.powerW ?? 1000,
      tempC: (r.maxTempC ?? 60) - 4,
      hashrateHs: r.mode !== "MINE" ? undefined : r.kind === "ASIC" ? 200e12 : 240e6,
    });
  }
  const mine = rigs["e2e-mine-01"]!;
  await seedHistory(db, {
    rigId: mine.id,
    deviceIds: mine.deviceIds,
    from: new Date(now.getTime() - 7 * day),
    to: new Date(now.getTime() - day),
    stepSeconds: 600,
    powerW: 3000,
    tempC: 60,
    hashrateHs: 240e6,
  });
  await rollupTelemetry({ db, from: new Date(now.getTime() - 8 * day), to: now });

  const alternatives = [
    { mode: "AI", workload: "pytorch", microUsdPerHour: "1200000", rejected: "no AI job fits this rig's GPUs" },
    { mode: "IDLE", workload: null, microUsdPerHour: "0", rejected: "earns nothing" },
  ];
  const decisions = (profitScale: number) =>
    FARM.map((r) => ({
      rigId: rigs[r.hostname]!.id,
      mode: r.mode ?? ("IDLE" as const),
      profit: BigInt(Math.round(1_500_000 * profitScale)),
      revenue: BigInt(Math.round(2_100_000 * profitScale)),
      energy: 600_000n,
      reason: r.mode === "MINE" ? "mining earns the most at this hashprice" : r.mode === "AI" ? "AI job #1 pays more than mining" : "idle: nothing earns more than its power costs",
      alternatives,
    }));
  await seedRun(db, { epochStart: new Date(now.getTime() - 3600_000), decisions: decisions(0.9).map((d) => ({ ...d, changed: true, reasonCode: "switch" })) });
  await seedRun(db, { epochStart: new Date(now.getTime() - 60_000), decisions: decisions(1) });

  const event = (host: string, type: string, message: string, agoS: number, severity: "INFO" | "WARNING" = "INFO") =>
    db.prisma.agentEvent.create({ data: { rigId: rigs[host]!.id, eventId: `${host}-${type}-${agoS}`, at: new Date(now.getTime() - agoS * 1000), type, severity, message } });
  await event("e2e-mine-01", "workload.switched", "idle -> rvn-kawpow", 3000);
  await event("e2e-mine-01", "agent.started", "agent 0.1.0 started", 3100);
  await event("e2e-ai-01", "workload.start_failed", "pytorch exited with code 1: CUDA out of memory", 120, "WARNING");
  await refreshAlerts({ db, now, thresholds: { offlineAfterSeconds: 60 } });

  const job = (name: string, status: "QUEUED" | "RUNNING" | "COMPLETED", extra: object = {}) =>
    db.prisma.aiJob.create({
      data: { name, customer: "globex", gpuCount: 2, minVramGbPerGpu: 20, priceMicroUsdPerGpuHour: 1_850_000n, durationSeconds: 7200, runtimeProfile: "pytorch", status, ...extra },
    });
  const running = await job("e2e-llm-train", "RUNNING", { startedAt: new Date(now.getTime() - 1800_000), gpuSecondsDone: 3600n });
  await db.prisma.placement.create({ data: { jobId: running.id, rigId: rigs["e2e-ai-01"]!.id, gpuIndices: [0, 1], activeJobId: running.id } });
  await job("e2e-batch-infer", "QUEUED", { priority: 5 });
  await job("e2e-old-finetune", "COMPLETED", { finishedAt: new Date(now.getTime() - day), gpuSecondsDone: 14_400n });

  const manual = await db.prisma.priceFeed.create({ data: { name: "e2e-manual", kind: "MANUAL", lastOkAt: new Date(now.getTime() - 3600_000) } });
  const http = await db.prisma.priceFeed.create({
    data: { name: "e2e-http", kind: "HTTP", lastOkAt: new Date(now.getTime() - 6 * 3600_000), lastError: "HTTP 503 from upstream" },
  });
  const power = await db.prisma.priceSeries.create({ data: { key: "electricity:E2E:MARKET:rtm", kind: "ELECTRICITY", unit: "USD/MWh", zone: "E2E:MARKET", feedId: manual.id } });
  const coin = await db.prisma.priceSeries.create({ data: { key: "coin:BTC", kind: "COIN", unit: "USD/coin", feedId: http.id } });
  await db.pool.query(
    `INSERT INTO "PricePoint" ("seriesId", at, "intervalSeconds", "valueMicroUsd")
     SELECT $1, t, 3600, (40 + 15 * sin(extract(epoch FROM t) / 20000.0)) * 1000000 FROM generate_series(date_trunc('hour', now()) - interval '7 days', date_trunc('hour', now()) - interval '1 hour', interval '1 hour') t`,
    [power.id],
  );
  await db.pool.query(
    `INSERT INTO "PricePoint" ("seriesId", at, "intervalSeconds", "valueMicroUsd")
     SELECT $1, t, 86400, (90000 + 2000 * sin(extract(epoch FROM t) / 200000.0))::bigint * 1000000 FROM generate_series(date_trunc('day', now()) - interval '29 days', date_trunc('day', now()), interval '1 day') t`,
    [coin.id],
  );
  const acme = await createApiKey({ db, actor: { userId: null, label: "e2e" }, customer: "acme", now });
  const other = await createApiKey({ db, actor: { userId: null, label: "e2e" }, customer: "initech", now });
  await createEnrollmentToken({ db: db.prisma, siteId: site2.id, label: "e2e-spare", createdBy: "e2e", now });

  return {
    sites: { "E2E-1": site1.id, "E2E-2": site2.id },
    rigs: Object.fromEntries(Object.entries(rigs).map(([h, r]) => [h, r.id])),
    expected: expectations(),
    apiKeys: { acme: acme.key, initech: other.key },
  };
}
