/**
 * Dashboard benchmark: seeds 100k rigs (with RigState, DesiredState, one finished scheduler run
 * of 100k decisions and some open alerts) into the database `rigshift_bench` by bulk SQL, then
 * telemetry, as much as the reads below need and a bounded run can write (5 min of a 7-min run here):
 * - 7 days of RigHour for every rig (16.8M rows at 100k rigs),
 * - 24 h of raw samples every 30 s (RigSample, and DeviceSample for 8 GPUs) for a sample of GPU
 *   rigs only (--sample-rigs, 20): the rigs whose detail is requested,
 * - the site rollup (SitePower) of 7 days summed from that RigHour by rollupTelemetry itself, and
 *   its minute buckets (1, 3, 10 min) for the last 24 h written directly: RigMinute for a day of
 *   100k rigs would be 144M rows, so it is not seeded (the 24 h chart no longer reads it).
 * Then it calls the dashboard's verbs in-process, as its API routes do, ~50 times each: the
 * overview, rigs-table pages, a rig's detail and its 24 h chart, a site's detail, and the power
 * charts (every site, and one) for 1 h, 24 h and 7 d. Prints one JSON line per figure:
 * { figure, runs, p50Ms, p95Ms }, after one `seed` line saying what was seeded. Starts no server.
 * Usage: tsx scripts/bench/dashboard.ts [--rigs 100000] [--runs 50] [--sample-rigs 20] [--db rigshift_bench] [--keep] (reuse a seeded database)
 */
import { performance } from "node:perf_hooks";
import { createDatabase, ensurePartitions, getOverview, getRig, getSite, listRigs, rigSeries, rollupTelemetry, sitePowerSeries, type TRigQuery } from "@rigshift/db";
import type pg from "pg";
import { adminUrlOf, ensureServices, migrate, resetDatabase } from "../lib/services";

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const RIGS = arg("rigs", 100_000);
const RUNS = arg("runs", 50);
const SAMPLE_RIGS = arg("sample-rigs", 20);
const GPUS = 8;
const TELEMETRY = {
  rigHour: "7 days, every rig",
  sitePower: "7 days of 1 h and 6 h buckets summed from RigHour by rollupTelemetry, 24 h of 1, 3 and 10 min buckets written directly",
  rigMinute: "none for the fleet (a day at 100k rigs is 144M rows): only the sample rigs' own, rolled up from their samples",
  rawSamples: `24 h every 30 s for ${SAMPLE_RIGS} GPU rigs (RigSample, DeviceSample x ${GPUS} GPUs), the rigs whose detail is measured`,
};
const KEEP = process.argv.includes("--keep");
const dbAt = process.argv.indexOf("--db");
const DB_NAME = dbAt > 0 ? process.argv[dbAt + 1]! : "rigshift_bench";
const thresholds = { staleAfterSeconds: 45, offlineAfterSeconds: 300 };
const log = (msg: string) => process.stderr.write(`[bench] ${msg}\n`);

const services = await ensureServices({ database: DB_NAME, ownDatabase: true });
if (!KEEP) {
  await resetDatabase(adminUrlOf(services.databaseUrl), DB_NAME);
  migrate(services.databaseUrl);
}
const db = createDatabase(services.databaseUrl, { maxConnections: 10 });

const seedMs: Record<string, number> = {};
if (!KEEP) {
  let started = performance.now();
  await seed(db.pool, RIGS);
  seedMs.rigs = Math.round(performance.now() - started);
  log(`seeded ${RIGS} rigs in ${seedMs.rigs} ms`);
  started = performance.now();
  await seedTelemetry(db, new Date());
  seedMs.telemetry = Math.round(performance.now() - started);
}
console.log(JSON.stringify({ figure: "seed", rigs: RIGS, kept: KEEP, telemetry: TELEMETRY, seedMs }));

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

/** The rigs whose detail is measured: GPU rigs spread over the fleet by a hash of their name. */
async function sampleRigs(pool: pg.Pool): Promise<number[]> {
  const { rows } = await pool.query<{ id: number }>(`SELECT id FROM "Rig" WHERE kind = 'GPU_RIG' ORDER BY hashtext(hostname), id LIMIT $1`, [SAMPLE_RIGS]);
  return rows.map((r) => r.id);
}

async function seedTelemetry(db: ReturnType<typeof createDatabase>, now: Date) {
  const pool = db.pool;
  const timed = async (what: string, fn: () => Promise<unknown>) => {
    const t = performance.now();
    await fn();
    seedMs[what] = Math.round(performance.now() - t);
    log(`${what}: ${seedMs[what]} ms`);
  };
  // Each rig's hourly mean within 10% of its current power. One statement, rig after rig (RigState
  // is read in rigId order): the primary key (rigId, hour) grows at its right edge. A statement per
  // day instead wrote into the middle of every rig's range: 290 s here against 199 s at load 8.
  await timed("rigHour", () =>
    pool.query(
      `INSERT INTO "RigHour" ("rigId", hour, samples, "powerWAvg", "powerWMax", "energyWh", "hashrateHsAvg", "minutesCovered")
       SELECT "rigId", hour, 120, w, w * 1.05, w, "hashrateHs", 60 FROM (
         SELECT s."rigId", h AS hour, s."powerW" * (0.9 + 0.2 * random()) AS w, s."hashrateHs"
         FROM "RigState" s CROSS JOIN LATERAL generate_series(date_trunc('hour', $1::timestamptz) - interval '167 hours', date_trunc('hour', $1::timestamptz), interval '1 hour') h
       ) x`,
      [now],
    ),
  );
  const rigs = await sampleRigs(pool);
  await timed("rawSamples", async () => {
    await ensurePartitions({ db, now });
    await pool.query(
      `INSERT INTO "Device" ("rigId", index, kind, model, "vramMb", "powerLimitW") SELECT r, g, 'GPU', 'RTX 4090', 24564, 450 FROM unnest($1::int[]) r, generate_series(0, $2 - 1) g`,
      [rigs, GPUS],
    );
    const times = `generate_series($1::timestamptz - interval '24 hours', $1::timestamptz, interval '30 seconds') t`;
    await pool.query(
      `INSERT INTO "RigSample" ("rigId", at, "powerW", "inletTempC", "hashrateHs", mode, workload)
       SELECT r, t, 2400 + 400 * random(), 24 + 4 * random(), 1e9 * (0.9 + 0.2 * random()), 'MINE', 'rvn-kawpow' FROM unnest($2::int[]) r, ${times}`,
      [now, rigs],
    );
    await pool.query(
      `INSERT INTO "DeviceSample" ("deviceId", at, "rigId", "tempC", "memTempC", "powerW", "utilPct", "fanPct", "hashrateHs", errors)
       SELECT d.id, t, d."rigId", 55 + 20 * random(), 70 + 20 * random(), 280 + 60 * random(), 90 + 10 * random(), 60 + 30 * random(), 1.2e8 * (0.9 + 0.2 * random()), 0
       FROM "Device" d, ${times} WHERE d."rigId" = ANY($2::int[])`,
      [now, rigs],
    );
  });
  // The worker's own rollup over the week: the sample rigs' minutes and hours from their samples,
  // and the site buckets from every rig's RigHour.
  await timed("rollup7d", () => rollupTelemetry({ db, from: new Date(now.getTime() - 7 * 86_400_000), to: now }));
  // The fleet's minutes: each site's power now (RigState), within 5%, in every minute bucket of the day.
  await timed("siteMinutes", () =>
    pool.query(
      `INSERT INTO "SitePower" ("siteId", "bucketSeconds", at, rigs, "powerW")
       SELECT site.id, g, t, site.rigs, site.w * (0.95 + 0.1 * random())
       FROM (SELECT r."siteId" AS id, count(*)::int AS rigs, sum(s."powerW") AS w FROM "Rig" r JOIN "RigState" s ON s."rigId" = r.id GROUP BY 1) site,
         unnest(ARRAY[60, 180, 600]) g,
         LATERAL generate_series(date_bin(make_interval(secs => g), $1::timestamptz - interval '24 hours', TIMESTAMPTZ '1970-01-01'), $1::timestamptz, make_interval(secs => g)) t
       ON CONFLICT ("bucketSeconds", at, "siteId") DO UPDATE SET rigs = EXCLUDED.rigs, "powerW" = EXCLUDED."powerW"`,
      [now],
    ),
  );
  await timed("analyze", () => pool.query("VACUUM ANALYZE"));
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
  // GET /api/v1/rigs/:id and /api/v1/rigs/:id/series?range=24h, a sample rig in turn.
  const rigs = await sampleRigs(db.pool);
  let next = 0;
  const rigId = () => rigs[next++ % rigs.length]!;
  await measure("rig.detail", () => getRig({ db, rigId: rigId(), now: new Date(), thresholds }));
  await measure("rig.series.24h", () => rigSeries({ db, rigId: rigId(), range: "24h", now: new Date() }));
  // GET /api/v1/sites/:id, /api/v1/sites/:id/power and /api/v1/overview/power (every site).
  await measure("site.detail", () => getSite({ db, siteId: 3, now: new Date() }));
  for (const range of ["1h", "24h", "7d"] as const) {
    await measure(`site.power.${range}`, () => sitePowerSeries({ db, range, siteId: 3, now: new Date() }));
    await measure(`overview.power.${range}`, () => sitePowerSeries({ db, range, now: new Date() }));
  }
} finally {
  await db.close();
  await services.stop();
}
