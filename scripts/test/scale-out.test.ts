/**
 * Past one machine: two web instances and two scheduler workers against one Postgres and one
 * Redis, with simulated agents split across the web instances. One web instance is killed
 * (SIGKILL) mid-run and started again. Properties: every sample an agent took is stored exactly
 * once, every epoch is decided once, and no job is ever active on two rigs.
 * Needs the built web app (npm test builds it) and DATABASE_URL / REDIS_URL.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Agent, createBackend, parseConfig, SimulatedDriver, silentLogger } from "@rigshift/agent";
import { createEnrollmentToken } from "@rigshift/db";
import { seedSite, testDatabase, truncateAll } from "@rigshift/db/testing";
import type { SimulatedHardware } from "@rigshift/hardware";
import { storePriceSeries } from "@rigshift/scheduler/feeds";
import { afterAll, expect, it } from "vitest";
import { freePort, sleep } from "../lib/services";
import { startWeb, startWorker, type TProc, waitForHttp } from "../lib/stack";

const db = testDatabase(process.env.DATABASE_URL);
const procs: TProc[] = [];
afterAll(async () => {
  for (const p of procs) await p.stop();
  await db.close();
});

const RIGS = 12;

it("keeps every sample once and every job on one rig, with two web instances and two workers, one web killed mid-run", async () => {
  await truncateAll(db);
  const now = Date.now();
  await storePriceSeries({
    db,
    feedName: "test",
    feedKind: "MANUAL",
    series: [
      {
        key: "electricity:ERCOT:HB_SOUTH:dam",
        kind: "ELECTRICITY",
        unit: "USD/MWh",
        zone: "ERCOT:HB_SOUTH",
        intervalSeconds: 3600,
        points: [
          { atMs: Math.floor(now / 3600_000) * 3600_000 - 3600_000, value: 25 },
          { atMs: Math.floor(now / 3600_000) * 3600_000, value: 25 },
          { atMs: Math.floor(now / 3600_000) * 3600_000 + 3600_000, value: 25 },
        ],
      },
    ],
  });
  const site = await seedSite(db);
  for (let i = 0; i < 6; i++) {
    await db.prisma.aiJob.create({
      data: {
        name: `j${i}`,
        customer: "t",
        gpuCount: 2,
        minVramGbPerGpu: 8,
        priceMicroUsdPerGpuHour: BigInt(1_500_000 + i * 10_000),
        durationSeconds: 3600,
        runtimeProfile: "pytorch",
      },
    });
  }

  const env = {
    DATABASE_URL: process.env.DATABASE_URL!,
    REDIS_URL: process.env.REDIS_URL ?? "redis://127.0.0.1:6379",
    INSECURE_COOKIES: "1",
    QUEUE_PREFIX: `scale-${process.pid}`,
  };
  const ports = [await freePort(3301), await freePort(3302)];
  const webs = ports.map((p) => startWeb(p, env, { quiet: true }));
  procs.push(...webs);
  for (const p of ports) await waitForHttp(`http://127.0.0.1:${p}/sign-in`);
  procs.push(
    startWorker("w1", { ...env, EPOCH_SECONDS: "5", WORKER_ID: "w1" }, { quiet: true }),
    startWorker("w2", { ...env, EPOCH_SECONDS: "5", WORKER_ID: "w2" }, { quiet: true }),
  );

  const agents: Agent[] = [];
  for (let i = 0; i < RIGS; i++) {
    const { token } = await createEnrollmentToken({ db: db.prisma, siteId: site.id, label: `r${i}`, createdBy: "test", now: new Date() });
    const config = parseConfig({
      controlPlaneUrl: `http://127.0.0.1:${ports[i % 2]}`,
      enrollmentToken: token,
      hostname: `scale-${i}`,
      stateDir: mkdtempSync(path.join(tmpdir(), "scale-agent-")),
      sampleIntervalSeconds: 1,
      reportIntervalSeconds: 1,
      requestTimeoutMs: 10_000,
      hardware: { backend: "simulated", kind: "GPU_RIG", model: "RTX 3090", deviceCount: 2, devicePowerW: 350, vramMb: 24576, miningHashrateHs: 6e7, seed: i + 1 },
      workloads: [
        { key: "rvn-kawpow", mode: "MINE" },
        { key: "pytorch", mode: "AI" },
      ],
    });
    const backend = createBackend(config) as SimulatedHardware;
    agents.push(new Agent({ config, backend, driver: new SimulatedDriver(backend, 10), log: silentLogger }));
  }
  await Promise.all(agents.map((a) => a.start()));

  await sleep(6_000);
  await webs[1]!.child.kill("SIGKILL");
  await sleep(4_000);
  procs.push(startWeb(ports[1]!, env, { quiet: true }));
  await waitForHttp(`http://127.0.0.1:${ports[1]}/sign-in`);
  await sleep(6_000);
  await Promise.all(agents.map((a) => a.stop()));
  // Deliver what the stop journaled: one more report each, then count.
  await Promise.all(agents.map((a) => a.start().then(() => a.stop())));

  const taken = agents.reduce((n, a) => n + a.stats.samplesTaken, 0);
  const pending = agents.reduce((n, a) => n + a.pendingBatches, 0);
  const stored = Number((await db.pool.query(`SELECT count(*) FROM "RigSample"`)).rows[0].count);
  expect(pending).toBe(0);
  expect(stored).toBe(taken);
  expect(agents.some((a) => a.stats.deliveryFailures > 0)).toBe(true); // the kill was felt

  const runs = await db.pool.query(`SELECT "epochStart", count(*)::int n FROM "SchedulerRun" GROUP BY 1 HAVING count(*) > 1`);
  expect(runs.rows).toEqual([]);
  expect(await db.prisma.schedulerRun.count({ where: { finishedAt: { not: null } } })).toBeGreaterThanOrEqual(2);
  const doubled = await db.pool.query(`SELECT "jobId" FROM "Placement" WHERE "endedAt" IS NULL GROUP BY 1 HAVING count(*) > 1`);
  expect(doubled.rows).toEqual([]);
  const gpuTwice = await db.pool.query(`SELECT "rigId", g FROM "Placement", unnest("gpuIndices") g WHERE "endedAt" IS NULL GROUP BY 1, 2 HAVING count(*) > 1`);
  expect(gpuTwice.rows).toEqual([]);
}, 90_000);
