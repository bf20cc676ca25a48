/**
 * Scheduler epoch end to end at scale: seeds 100k rigs (two thirds 8-GPU rigs, one third ASICs,
 * over 10 sites with power caps), their devices, latest state and desired state, the shipped
 * mining catalogue, electricity and hashprices and 10% as many queued AI jobs into
 * `rigshift_bench_epoch` by bulk SQL, then runs `runEpoch` (claim, read, decide, write) for three
 * consecutive epochs: the first moves rigs to AI work and writes every change, the next ones
 * mostly keep. Prints one JSON line per figure. Target (issue): under 5 s for 100k rigs.
 * Usage: tsx scripts/bench/epoch.ts [--rigs 100000] [--epochs 3] [--keep] [--db rigshift_bench_epoch]
 * (--db: a database of one's own, so that two people benchmarking on one server do not drop each other's)
 */
import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { createDatabase } from "@rigshift/db";
import { seedCatalogue } from "@rigshift/db/seed";
import { runEpoch } from "../../packages/scheduler/src/epoch/run-epoch";
import { storePriceSeries } from "../../packages/scheduler/src/feeds/store";
import { adminUrlOf, ensureServices, migrate, resetDatabase } from "../lib/services";

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const RIGS = arg("rigs", 100_000);
const EPOCHS = arg("epochs", 3);
const KEEP = process.argv.includes("--keep");
const dbAt = process.argv.indexOf("--db");
const DB_NAME = dbAt > 0 ? process.argv[dbAt + 1]! : "rigshift_bench_epoch";
const EPOCH_SECONDS = 60;
const log = (msg: string) => process.stderr.write(`[bench] ${msg}\n`);
const emit = (figure: string, value: number, unit: string, extra: Record<string, unknown> = {}) =>
  console.log(JSON.stringify({ bench: "epoch", figure, value: Math.round(value * 10) / 10, unit, rigs: RIGS, ...extra }));

const services = await ensureServices({ database: DB_NAME, ownDatabase: true });
if (!KEEP) {
  await resetDatabase(adminUrlOf(services.databaseUrl), DB_NAME);
  migrate(services.databaseUrl);
}
const db = createDatabase(services.databaseUrl, { maxConnections: 4 });
const first = new Date(Math.ceil(Date.now() / 60_000) * 60_000);

try {
  if (!KEEP) {
    const started = performance.now();
    await seed();
    emit("seed_seconds", (performance.now() - started) / 1000, "s");
  }
  // Epochs start after the newest one already decided (a --keep run goes on from there).
  const last = (await db.pool.query<{ at: Date | null }>(`SELECT max("epochStart") AS at FROM "SchedulerRun"`)).rows[0]?.at;
  const start = last ? new Date(Math.max(first.getTime(), last.getTime() + EPOCH_SECONDS * 1000)) : first;
  for (let e = 0; e < EPOCHS; e++) {
    const epochStart = new Date(start.getTime() + e * EPOCH_SECONDS * 1000);
    // Every rig reported a moment before the epoch: none is offline.
    await db.pool.query(`UPDATE "Rig" SET "lastSeenAt" = $1`, [new Date(epochStart.getTime() - 5000)]);
    await db.pool.query(`UPDATE "RigState" SET at = $1`, [new Date(epochStart.getTime() - 5000)]);
    await db.pool.query(`VACUUM ANALYZE "Rig", "RigState"`);
    const serverBefore = await serverCpuMs();
    const cpuBefore = process.cpuUsage();
    const t = performance.now();
    const result = await runEpoch({ db, epochStart, epochSeconds: EPOCH_SECONDS, workerId: "bench", now: epochStart });
    const ms = performance.now() - t;
    const cpu = process.cpuUsage(cpuBefore);
    const serverAfter = await serverCpuMs();
    emit("epoch_ms", ms, "ms", {
      epoch: e + 1,
      // CPU time, steadier than wall time on a busy machine: this process's, and the Postgres backends'.
      nodeCpuMs: Math.round((cpu.user + cpu.system) / 1000),
      pgCpuMs: serverCpuDeltaMs(serverBefore, serverAfter),
      readMs: Math.round(result.readMs),
      engineMs: Math.round(result.engineMs),
      writeMs: Math.round(result.writeMs),
      rigsSeen: result.rigsSeen,
      changes: result.changes,
    });
  }
  const placed = (await db.pool.query<{ n: number }>(`SELECT count(DISTINCT "jobId")::int AS n FROM "Placement" WHERE "endedAt" IS NULL`)).rows[0]?.n ?? 0;
  emit("jobs_placed", placed, "jobs", { jobs: Math.round(RIGS / 10) });
} finally {
  await db.close();
  await services.stop();
}

/**
 * CPU time (user + system, ms) used so far by each Postgres backend serving this database, read
 * from /proc: null where the server is not on this machine.
 */
async function serverCpuMs(): Promise<Map<number, number> | null> {
  const { rows } = await db.pool.query<{ pid: number }>(`SELECT pid FROM pg_stat_activity WHERE datname = current_database()`);
  const byPid = new Map<number, number>();
  for (const { pid } of rows) {
    try {
      // Fields after the command name: state is the 1st, utime the 12th, stime the 13th.
      const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
      byPid.set(pid, (Number(fields[11]) + Number(fields[12])) * 10); // USER_HZ is 100 on Linux
    } catch {
      return null;
    }
  }
  return byPid;
}

/**
 * The backends' CPU time between two readings: backends opened in between count whole; one the
 * pool closed in between (idle for 10 s) is missed, so this is a lower bound.
 */
function serverCpuDeltaMs(before: Map<number, number> | null, after: Map<number, number> | null): number | null {
  if (!before || !after) return null;
  let ms = 0;
  for (const [pid, used] of after) ms += used - (before.get(pid) ?? 0);
  return ms;
}

async function seed() {
  await seedCatalogue({ db: db.prisma });
  const asicModel = (
    await db.pool.query<{ model: string }>(
      `SELECT r."hardwareModel" AS model FROM "MiningProfileRate" r JOIN "MiningProfile" p ON p.id = r."profileId" WHERE p.key = 'btc-sha256' ORDER BY r."hashrateHs" DESC LIMIT 1`,
    )
  ).rows[0]!.model;
  const gpuModel = "RTX 3090";
  log(`seeding ${RIGS} rigs: GPU rigs of 8 x ${gpuModel}, ASICs ${asicModel}`);
  // Ten sites; caps at about 80% of what the fleet would draw mining, so that they bind.
  const perSite = Math.ceil(RIGS / 10);
  await db.pool.query(
    `INSERT INTO "Site" (code, name, timezone, "marketZone", "powerCapKw", "coolingCapacityKw")
     SELECT 'E-' || s, 'Epoch bench ' || s, 'UTC', 'ERCOT:HB_SOUTH', $1::float8, $1::float8 * 2 FROM generate_series(1, 10) s`,
    [Math.round(perSite * 2.2 * 0.8)],
  );
  await db.pool.query(`INSERT INTO "SitePolicy" ("siteId") SELECT id FROM "Site"`);
  const gpuWorkloads = JSON.stringify([
    { key: "rvn-kawpow", mode: "MINE", params: {} },
    { key: "pytorch", mode: "AI", params: {} },
  ]);
  const asicWorkloads = JSON.stringify([
    { key: "btc-sha256", mode: "MINE", params: {} },
    { key: "curtail", mode: "IDLE", params: {} },
  ]);
  await db.pool.query(
    `INSERT INTO "Rig" ("siteId", hostname, kind, model, workloads, "enrolledAt", "lastSeenAt")
     SELECT (SELECT min(id) FROM "Site") + i % 10, 'epoch-' || lpad(i::text, 6, '0'),
       (CASE WHEN i % 3 = 0 THEN 'ASIC' ELSE 'GPU_RIG' END)::"RigKind",
       CASE WHEN i % 3 = 0 THEN $2 ELSE $3 END,
       CASE WHEN i % 3 = 0 THEN $4::jsonb ELSE $5::jsonb END, now(), now()
     FROM generate_series(1, $1) i`,
    [RIGS, asicModel, gpuModel, asicWorkloads, gpuWorkloads],
  );
  await db.pool.query(
    `INSERT INTO "Device" ("rigId", index, kind, model, "vramMb", "powerLimitW")
     SELECT r.id, g, 'GPU', 'NVIDIA GeForce RTX 3090', 24576, 350 FROM "Rig" r, generate_series(0, 7) g WHERE r.kind = 'GPU_RIG'`,
  );
  await db.pool.query(`INSERT INTO "Device" ("rigId", index, kind, model) SELECT r.id, g, 'HASHBOARD', r.model FROM "Rig" r, generate_series(0, 2) g WHERE r.kind = 'ASIC'`);
  await db.pool.query(
    `INSERT INTO "RigState" ("rigId", at, "powerW", "maxTempC", "avgUtilPct", "hashrateHs", mode, workload, "appliedGeneration", healthy)
     SELECT id, now(), CASE WHEN kind = 'ASIC' THEN 3500 ELSE 2400 END, 60, 99, NULL, 'MINE', CASE WHEN kind = 'ASIC' THEN 'btc-sha256' ELSE 'rvn-kawpow' END, 0, true FROM "Rig"`,
  );
  await db.pool.query(
    `INSERT INTO "DesiredState" ("rigId", mode, workload, source) SELECT id, 'MINE', CASE WHEN kind = 'ASIC' THEN 'btc-sha256' ELSE 'rvn-kawpow' END, 'DEFAULT' FROM "Rig"`,
  );
  // Queued AI jobs, 10% as many as rigs: 1, 2, 4 or 8 GPUs, at 0.20-0.60 USD per GPU-hour.
  await db.pool.query(
    `INSERT INTO "AiJob" (name, customer, "gpuCount", "minVramGbPerGpu", "priceMicroUsdPerGpuHour", "durationSeconds", "runtimeProfile", priority)
     SELECT 'job-' || j, 'bench', (ARRAY[1, 2, 4, 8])[1 + j % 4], (ARRAY[8, 16, 20, 24])[1 + j % 4], 200000 + (j * 7919) % 400000, 3600 * (1 + j % 12), 'pytorch', 0
     FROM generate_series(1, $1) j`,
    [Math.round(RIGS / 10)],
  );
  const at = first.getTime() - 900_000;
  await storePriceSeries({
    db,
    feedName: "bench",
    feedKind: "MANUAL",
    series: [
      { key: "electricity:ERCOT:HB_SOUTH:rtm", kind: "ELECTRICITY", unit: "USD/MWh", zone: "ERCOT:HB_SOUTH", intervalSeconds: 3600, points: [{ atMs: at, value: 45 }] },
      { key: "hashprice:BTC", kind: "HASHPRICE", unit: "USD/TH/day", intervalSeconds: 86_400, points: [{ atMs: at, value: 0.05 }] },
      { key: "hashprice:RVN", kind: "HASHPRICE", unit: "USD/TH/day", intervalSeconds: 86_400, points: [{ atMs: at, value: 0.02 * 1e6 }] },
    ],
  });
  await db.pool.query("VACUUM ANALYZE");
}
