/**
 * Dashboard benchmark: seeds 100k rigs (with RigState, DesiredState, one finished scheduler run
 * of 100k decisions and some open alerts) into the database `rigshift_bench` by bulk SQL, then
 * calls the overview and rigs-table verbs in-process, ~50 times each, and prints one JSON line
 * per figure: { figure, runs, p50Ms, p95Ms }. Starts no server.
 * Usage: tsx scripts/bench/dashboard.ts [--rigs 100000] [--runs 50] [--db rigshift_bench] [--keep] (reuse a seeded database)
 */
import { performance } from "node:perf_hooks";
import { createDatabase, getOverview, listRigs, type TRigQuery } from "@rigshift/db";
import type pg from "pg";
import { adminUrlOf, ensureServices, migrate, resetDatabase } from "../lib/services";

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const RIGS = arg("rigs", 100_000);
const RUNS = arg("runs", 50);
const KEEP = process.argv.includes("--keep");
const dbAt = process.argv.indexOf("--db");
const DB_NAME = dbAt > 0 ? process.argv[dbAt + 1]! : "rigshift_bench";
const thresholds = { staleAfterSeconds: 45, offlineAfterSeconds: 300 };
const log = (msg: string) => process.stderr.write(`[bench] ${msg}\n`);

const services = await ensureServices({ database: DB_NAME });
if (!KEEP) {
  await resetDatabase(adminUrlOf(services.databaseUrl), DB_NAME);
  migrate(services.databaseUrl);
}
const db = createDatabase(services.databaseUrl, { maxConnections: 10 });

if (!KEEP) {
  const started = performance.now();
  await seed(db.pool, RIGS);
  log(`seeded ${RIGS} rigs in ${Math.round(performance.now() - started)} ms`);
}

async function seed(pool: pg.Pool, n: number) {
  // Ten sites; rigs spread over them, six models, 50 rows of racks as tags.
  await pool.query(`
    INSERT INTO "Site" (code, name, timezone, "marketZone", "powerCapKw", "coolingCapacityKw")
    SELECT 'B-' || s, 'Bench site ' || s, 'UTC', 'ERCOT:HB_SOUTH', 2500 * 10, 2500 * 10 FROM generate_series(1, 10) s`);
  await pool.query(`INSERT INTO "SitePolicy" ("siteId") SELECT id FROM "Site"`);
  await pool.query(
    `
    INSERT INTO "Rig" ("siteId", hostname, kind, model, tags, lifecycle, "lastSeenAt", workloads, "enrolledAt")
    SELECT 1 + i % 10, 'rig-' || lpad(i::text, 6, '0'),
      (CASE WHEN i % 3 = 0 THEN 'ASIC' ELSE 'GPU_RIG' END)::"RigKind",
      (ARRAY['S21 Pro', 'RTX 3090', 'RTX 4090', 'S21 XP Hyd', 'A100 SXM4 80 GB', 'RTX A5000'])[1 + i % 6],
      ARRAY['row-' || (i % 50)],
      (CASE WHEN i % 100 = 7 THEN 'MAINTENANCE' ELSE 'ACTIVE' END)::"RigLifecycle",
      now() - make_interval(secs => CASE WHEN i % 100 < 90 THEN 5 WHEN i % 100 < 93 THEN 100 ELSE 1000 END + random() * 10),
      '[{"key":"rvn-kawpow","mode":"MINE"},{"key":"pytorch","mode":"AI"}]'::jsonb, now() - interval '30 days'
    FROM generate_series(1, $1) i`,
    [n],
  );
  await pool.query(`
    INSERT INTO "RigState" ("rigId", at, "powerW", "maxTempC", "avgUtilPct", "hashrateHs", mode, workload, "appliedGeneration", healthy)
    SELECT id, now(), 300 + random() * 3200, 50 + random() * 40, random() * 100, random() * 2e14,
      (ARRAY['MINE', 'MINE', 'MINE', 'AI', 'IDLE'])[1 + id % 5]::"WorkMode", 'rvn-kawpow', 1, id % 50 <> 3
    FROM "Rig"`);
  await pool.query(`INSERT INTO "DesiredState" ("rigId", mode, workload, source) SELECT id, 'MINE', 'rvn-kawpow', 'SCHEDULER' FROM "Rig"`);
  await pool.query(`INSERT INTO "SchedulerRun" ("epochStart", "startedAt", "finishedAt", "workerId", "rigsSeen") VALUES (date_trunc('minute', now()), now(), now(), 'bench', $1)`, [
    n,
  ]);
  await pool.query(`
    INSERT INTO "Decision" ("runId", "rigId", at, mode, "expectedMicroUsdPerHour", "revenueMicroUsdPerHour", "energyMicroUsdPerHour", "powerW", "reasonCode", reason)
    SELECT run.id, r.id, run."epochStart", 'MINE', 500000, 900000, 400000, 3000, 'best_margin', 'mining earns the most'
    FROM "Rig" r, (SELECT id, "epochStart" FROM "SchedulerRun" LIMIT 1) run`);
  await pool.query(`
    INSERT INTO "Alert" ("rigId", kind, severity, message)
    SELECT id, 'rig.offline', 'WARNING', 'bench' FROM "Rig" WHERE id % 100 = 50`);
  await pool.query("VACUUM ANALYZE");
}

async function measure(figure: string, fn: () => Promise<unknown>) {
  for (let i = 0; i < 3; i++) await fn(); // warm the pool, the plan cache and the buffers
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  const pct = (p: number) => Math.round(times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))]! * 10) / 10;
  console.log(JSON.stringify({ figure, rigs: RIGS, runs: RUNS, p50Ms: pct(50), p95Ms: pct(95) }));
}

const page = (q: Partial<TRigQuery>) => () => listRigs({ db, now: new Date(), thresholds, query: { sort: "hostname", dir: "asc", page: 1, pageSize: 50, ...q } });
try {
  await measure("overview", () => getOverview({ db, now: new Date(), thresholds }));
  await measure("rigs.firstPage", page({}));
  await measure("rigs.filteredPage", page({ siteId: 3, mode: "mining", status: "online", model: "RTX 4090" }));
  await measure("rigs.sortedPage", page({ sort: "power", dir: "desc" }));
  await measure("rigs.deepPage", page({ page: 1000 }));
  await measure("rigs.search", page({ q: "rig-0424" }));
} finally {
  await db.close();
  await services.stop();
}
