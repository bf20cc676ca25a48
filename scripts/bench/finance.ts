/**
 * Finance benchmark: seeds 10k rigs and a month of RigHour, Decision (hourly epochs, each rig
 * switching a quarter-hour into its hour), Placement and prices into `rigshift_bench_fin` by bulk
 * SQL (generate_series), then builds the month's ledger, rebuilds it unchanged and after a
 * one-day price revision, and exports the month (rig x day report, and the raw hourly ledger)
 * as streamed CSV and XLSX into a temp dir. Prints one JSON line per figure, with the ceiling of
 * a build on this machine: the month's rows, already computed, written again (write_ceiling_seconds).
 * Facts are inserted in time order, as the rollups and the scheduler write them.
 * After each build it prints a checksum of the ledger (every row's values and revision) and of the
 * revision log: a change to the build must leave them equal on the same facts (--keep reuses them).
 * Usage: tsx scripts/bench/finance.ts [--rigs 10000] [--days 30] [--concurrency 2] [--epoch-minutes 60] [--db NAME] [--keep] [--hourly-xlsx]
 *   --hourly-xlsx also writes the raw hourly ledger (7.2M rows, 8 sheets) as XLSX: minutes.
 */
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { buildLedger, createDatabase, type Database, ledgerReport } from "@rigshift/db";
import { exportLedgerFile } from "@rigshift/db/finance-export";
import type pg from "pg";
import { adminUrlOf, ensureServices, migrate, resetDatabase } from "../lib/services";

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const RIGS = arg("rigs", 10_000);
const DAYS = arg("days", 30);
const CONCURRENCY = arg("concurrency", 2);
/** Scheduler epoch: 60 = each rig decides once an hour (at its quarter); less = every rig every epoch. */
const EPOCH_MINUTES = arg("epoch-minutes", 60);
const KEEP = process.argv.includes("--keep");
const HOURLY_XLSX = process.argv.includes("--hourly-xlsx");
const dbArg = process.argv.indexOf("--db");
const DB_NAME = dbArg > 0 ? String(process.argv[dbArg + 1]) : "rigshift_bench_fin";
const FROM = new Date("2026-09-01T00:00:00Z");
const TO = new Date(FROM.getTime() + DAYS * 86_400_000);
const log = (msg: string) => process.stderr.write(`[bench] ${msg}\n`);
const emit = (figure: string, value: number, unit: string, extra: Record<string, unknown> = {}) =>
  console.log(JSON.stringify({ bench: "finance", figure, value: Math.round(value * 100) / 100, unit, ...extra }));
let peakRssMb = 0;
const sampler = setInterval(() => {
  peakRssMb = Math.max(peakRssMb, process.memoryUsage().rss / 1048576);
}, 50);

const services = await ensureServices({ database: DB_NAME, ownDatabase: true });
if (!KEEP) await resetDatabase(adminUrlOf(services.databaseUrl), DB_NAME);
migrate(services.databaseUrl);
const db = createDatabase(services.databaseUrl, { maxConnections: CONCURRENCY + 2 });

if (!KEEP) {
  const started = performance.now();
  await seed(db.pool);
  emit("seed_seconds", (performance.now() - started) / 1000, "s", { rigs: RIGS, days: DAYS, epochMinutes: EPOCH_MINUTES });
}
const counts = (
  await db.pool.query(
    `SELECT (SELECT count(*) FROM "RigHour")::int AS rig_hours, (SELECT count(*) FROM "Decision")::int AS decisions, (SELECT count(*) FROM "Placement")::int AS placements`,
  )
).rows[0];
log(`facts: ${JSON.stringify(counts)}`);

// 1. The month's ledger from scratch.
await db.pool.query(`TRUNCATE "LedgerEntry", "LedgerRevision", "LedgerBuild", "LedgerChunk"`);
const now = new Date(TO.getTime() + 3_600_000);
let t = performance.now();
const first = await buildLedger({ db, from: FROM, to: TO, now, concurrency: CONCURRENCY, reason: "bench" });
emit("build_seconds", (performance.now() - t) / 1000, "s", { rows: first.inserted, concurrency: CONCURRENCY, ...counts });
emit("build_rows_per_s", first.inserted / ((performance.now() - t) / 1000), "rows/s");
await emitChecksums("build", db);
await emitWriteCeiling(first.inserted);

// 2. Rebuild with nothing changed, then after one day of real-time prices is revised.
t = performance.now();
const same = await buildLedger({ db, from: FROM, to: TO, now, concurrency: CONCURRENCY, reason: "bench" });
emit("rebuild_unchanged_seconds", (performance.now() - t) / 1000, "s", { updated: same.updated });
await emitChecksums("rebuild_unchanged", db);
await db.pool.query(
  `UPDATE "PricePoint" SET "valueMicroUsd" = "valueMicroUsd" + 5000000 WHERE "seriesId" = (SELECT id FROM "PriceSeries" WHERE key = 'electricity:ERCOT:HB_SOUTH:rtm') AND at >= $1 AND at < $1::timestamptz + interval '1 day'`,
  [new Date(FROM.getTime() + 10 * 86_400_000)],
);
t = performance.now();
const revised = await buildLedger({ db, from: FROM, to: TO, now, concurrency: CONCURRENCY, reason: "price revision" });
emit("rebuild_after_price_revision_seconds", (performance.now() - t) / 1000, "s", { updated: revised.updated });
await emitChecksums("rebuild_after_price_revision", db);
// The revision undone: a later run with --keep builds from the same facts (and checksums).
await db.pool.query(
  `UPDATE "PricePoint" SET "valueMicroUsd" = "valueMicroUsd" - 5000000 WHERE "seriesId" = (SELECT id FROM "PriceSeries" WHERE key = 'electricity:ERCOT:HB_SOUTH:rtm') AND at >= $1 AND at < $1::timestamptz + interval '1 day'`,
  [new Date(FROM.getTime() + 10 * 86_400_000)],
);

// 3. The JSON report of the month by site and day (what the Reports page asks for).
t = performance.now();
const report = await ledgerReport({ db, from: FROM, to: TO, groupBy: "site", granularity: "day", timeZone: "America/Chicago" });
emit("report_site_day_ms", performance.now() - t, "ms", { rows: report.rows.length });

// 4. Exports, streamed to files.
const dir = mkdtempSync(path.join(tmpdir(), "finance-bench-"));
const exports: [string, "rig" | "farm", "day" | "hour", "CSV" | "XLSX"][] = [
  ["rig_day", "rig", "day", "CSV"],
  ["rig_day", "rig", "day", "XLSX"],
  ["rig_hour", "rig", "hour", "CSV"],
];
if (HOURLY_XLSX) exports.push(["rig_hour", "rig", "hour", "XLSX"]);
for (const [name, groupBy, granularity, format] of exports) {
  const file = path.join(dir, `${name}.${format.toLowerCase()}`);
  t = performance.now();
  const result = await exportLedgerFile({ db, format, file, params: { from: FROM, to: TO, groupBy, granularity, timeZone: "UTC" } });
  const seconds = (performance.now() - t) / 1000;
  emit(`export_${name}_${format.toLowerCase()}_seconds`, seconds, "s", { rows: result.rows, bytes: statSync(file).size, mb: Math.round(statSync(file).size / 1048576) });
}
rmSync(dir, { recursive: true, force: true });
clearInterval(sampler);
emit("peak_rss_mb", Math.max(peakRssMb, process.resourceUsage().maxRSS / 1024), "MB");
await db.close();
await services.stop();

/**
 * The ceiling of any month build on this machine: the built rows written again, computed already,
 * into an empty table of the ledger's shape (its key, no other index), a day per statement and
 * CONCURRENCY days at once with the build's session settings. Only the writing, none of the
 * computing: a build cannot take less time than this.
 */
async function emitWriteCeiling(rows: number) {
  await db.pool.query(`DROP TABLE IF EXISTS "LedgerWriteCeiling"; CREATE TABLE "LedgerWriteCeiling" (LIKE "LedgerEntry" INCLUDING ALL)`);
  const days = Array.from({ length: DAYS }, (_, d) => new Date(FROM.getTime() + d * 86_400_000));
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      const client = await db.pool.connect();
      try {
        await client.query("SET synchronous_commit = off");
        for (let day = days.shift(); day; day = days.shift()) {
          await client.query(`INSERT INTO "LedgerWriteCeiling" SELECT * FROM "LedgerEntry" WHERE hour >= $1 AND hour < $1::timestamptz + interval '1 day'`, [day]);
        }
      } finally {
        client.release();
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  emit("write_ceiling_seconds", seconds, "s", { rows, concurrency: CONCURRENCY });
  await db.pool.query(`DROP TABLE "LedgerWriteCeiling"`);
}

/**
 * Order-independent checksums of the ledger's values (each row hashed, hashes summed) and of the
 * revision log's before/after: equal figures give equal sums. Not timed.
 */
async function emitChecksums(stage: string, db: Database) {
  const { rows } = await db.pool.query<{ rows: number; ledger: string; revisions: number; log: string }>(
    `SELECT (SELECT count(*) FROM "LedgerEntry")::int AS rows,
            (SELECT coalesce(sum(hashtextextended(row(e.hour, e."rigId", e."siteId", e.mode, e."mineSeconds", e."aiSeconds", e."idleSeconds",
               e."minutesMeasured", e."energyWh", e."energySource", e."priceMicroUsdPerMwh", e."priceSource", e."energyCostMicroUsd",
               e."hashpriceMicroUsdPerThDay", e."miningRevenueMicroUsd", e."aiGpuSeconds", e."aiRevenueMicroUsd", e."cfMiningRevenueMicroUsd",
               e."cfEnergyWh", e."cfEnergyCostMicroUsd", e."decisionId", e.revision)::text, 0)::numeric), 0) FROM "LedgerEntry" e)::text AS ledger,
            (SELECT count(*) FROM "LedgerRevision")::int AS revisions,
            (SELECT coalesce(sum(hashtextextended(row(r."rigId", r.hour, r.revision, r.before, r.after)::text, 0)::numeric), 0) FROM "LedgerRevision" r)::text AS log`,
  );
  const c = rows[0]!;
  console.log(JSON.stringify({ bench: "finance", figure: `checksum_${stage}`, rows: c.rows, ledger: c.ledger, revisions: c.revisions, log: c.log }));
}

async function seed(pool: pg.Pool) {
  const q = async (label: string, sql: string, params: unknown[] = []) => {
    const s = performance.now();
    const r = await pool.query(sql, params);
    log(`${label}: ${r.rowCount ?? 0} rows in ${Math.round(performance.now() - s)} ms`);
  };
  await q(
    "sites",
    `INSERT INTO "Site" (code, name, timezone, "marketZone", "powerCapKw", "coolingCapacityKw", pue) VALUES
    ('TX-1', 'Texas 1', 'America/Chicago', 'ERCOT:HB_SOUTH', 50000, 50000, 1.08),
    ('TX-2', 'Texas 2', 'America/Chicago', 'ERCOT:HB_SOUTH', 50000, 50000, 1.12),
    ('TX-3', 'Texas 3', 'America/Chicago', 'ERCOT:HB_WEST', 50000, 50000, 1.1),
    ('PA-1', 'Pennsylvania 1', 'America/New_York', 'PJM:WEST', 50000, 50000, 1.3)`,
  );
  await q("feed", `INSERT INTO "PriceFeed" (name, kind) VALUES ('bench', 'MANUAL')`);
  await q(
    "profiles",
    `INSERT INTO "MiningProfile" (key, name, coin, algorithm, "poolUrl", "poolFeeBps") VALUES
    ('btc-sha256', 'Bitcoin', 'BTC', 'sha256', 'stratum+tcp://pool.invalid:3333', 200),
    ('rvn-kawpow', 'Ravencoin', 'RVN', 'kawpow', 'stratum+tcp://pool.invalid:3333', 100)`,
  );
  await q(
    "rates",
    `INSERT INTO "MiningProfileRate" ("profileId", "hardwareModel", "hashrateHs", "powerW") VALUES
    (1, 'Antminer S19 XP', 141e12, 3010), (1, 'Antminer S21', 200e12, 3500), (2, 'RTX 3090', 30e6, 290)`,
  );
  // 70% ASICs (one miner each), 30% GPU rigs with 8 x RTX 3090 that also run AI jobs.
  await q(
    "rigs",
    `INSERT INTO "Rig" ("siteId", hostname, kind, model, workloads, "enrolledAt")
     SELECT 1 + i % 4, 'rig-' || lpad(i::text, 6, '0'),
       (CASE WHEN i % 10 < 7 THEN 'ASIC' ELSE 'GPU_RIG' END)::"RigKind",
       CASE WHEN i % 10 < 7 THEN (CASE WHEN i % 2 = 0 THEN 'Antminer S19 XP' ELSE 'Antminer S21' END) ELSE 'RTX 3090' END,
       CASE WHEN i % 10 < 7 THEN '[{"key":"btc-sha256","mode":"MINE"}]'::jsonb
            ELSE '[{"key":"rvn-kawpow","mode":"MINE"},{"key":"pytorch","mode":"AI"}]'::jsonb END,
       $2::timestamptz - interval '60 days'
     FROM generate_series(1, $1) i`,
    [RIGS, FROM],
  );
  await q(
    "devices",
    `INSERT INTO "Device" ("rigId", index, kind, model, "vramMb") SELECT r.id, g, 'GPU', 'RTX 3090', 24576 FROM "Rig" r, generate_series(0, 7) g WHERE r.kind = 'GPU_RIG'`,
  );
  await q(
    "series",
    `INSERT INTO "PriceSeries" (key, kind, unit, zone, "feedId") VALUES
    ('electricity:ERCOT:HB_SOUTH:rtm', 'ELECTRICITY', 'USD/MWh', 'ERCOT:HB_SOUTH', 1),
    ('electricity:ERCOT:HB_WEST:rtm', 'ELECTRICITY', 'USD/MWh', 'ERCOT:HB_WEST', 1),
    ('electricity:PJM:WEST:dam', 'ELECTRICITY', 'USD/MWh', 'PJM:WEST', 1),
    ('hashprice:BTC', 'HASHPRICE', 'USD/TH/day', NULL, 1),
    ('hashprice:RVN', 'HASHPRICE', 'USD/TH/day', NULL, 1)`,
  );
  // Real-time every 15 min with a daily shape and some negative hours; day-ahead hourly; hashprice daily.
  await q(
    "prices",
    `INSERT INTO "PricePoint" ("seriesId", at, "intervalSeconds", "valueMicroUsd")
     SELECT s, t, 900, round((35 + 30 * sin(extract(epoch FROM t) / 86400 * 2 * pi()) + 10 * s + (random() - 0.5) * 20) * 1e6)::bigint
     FROM generate_series(1, 2) s, generate_series($1::timestamptz - interval '1 day', $2::timestamptz, interval '15 minutes') t
     UNION ALL
     SELECT 3, t, 3600, round((45 + 20 * sin(extract(epoch FROM t) / 86400 * 2 * pi())) * 1e6)::bigint
     FROM generate_series($1::timestamptz - interval '1 day', $2::timestamptz, interval '1 hour') t
     UNION ALL
     SELECT 4, t, 86400, round((48 + (random() - 0.5) * 6) * 1e6)::bigint FROM generate_series($1::timestamptz - interval '1 day', $2::timestamptz, interval '1 day') t
     UNION ALL
     SELECT 5, t, 86400, round((16000 + (random() - 0.5) * 2000) * 1e6)::bigint FROM generate_series($1::timestamptz - interval '1 day', $2::timestamptz, interval '1 day') t`,
    [FROM, TO],
  );
  // Hourly rollups: ~2% of rig-hours have no telemetry (catalogue energy); GPU rigs report no
  // hashrate in hours they spend mostly on AI.
  await q(
    "rig hours",
    `INSERT INTO "RigHour" ("rigId", hour, samples, "powerWAvg", "powerWMax", "energyWh", "hashrateHsAvg", "minutesCovered")
     SELECT r.id, h, 360, w, w * 1.05, w,
       CASE WHEN r.kind = 'ASIC' THEN (CASE WHEN r.model = 'Antminer S21' THEN 200e12 ELSE 141e12 END) * (0.97 + random() * 0.05) ELSE 240e6 * (0.97 + random() * 0.05) END,
       60
     FROM "Rig" r, generate_series($1::timestamptz, $2::timestamptz - interval '1 hour', interval '1 hour') h,
       LATERAL (SELECT (CASE WHEN r.kind = 'ASIC' THEN 3200 ELSE 2600 END) * (0.95 + random() * 0.1) AS w) x
     WHERE (r.id * 7919 + extract(epoch FROM h)::bigint / 3600) % 50 <> 0
     ORDER BY h, r.id`,
    [FROM, TO],
  );
  // One scheduler run per quarter-hour; each rig gets one decision per hour at its quarter:
  // every rig-hour is split across two decisions. GPU rigs run AI one hour in three, ASICs idle
  // one hour in twenty (price spikes).
  await q(
    "runs",
    `INSERT INTO "SchedulerRun" ("epochStart", "startedAt", "finishedAt", "workerId")
     SELECT t, t, t, 'bench' FROM generate_series($1::timestamptz - interval '1 hour', $2::timestamptz, make_interval(mins => $3)) t`,
    [FROM, TO, Math.min(EPOCH_MINUTES, 15)],
  );
  await q(
    "decisions",
    `INSERT INTO "Decision" ("runId", "rigId", at, mode, workload, "jobIds", "expectedMicroUsdPerHour", "powerW", "reasonCode", reason, changed)
     SELECT run.id, r.id, run."epochStart", m.mode, m.workload, '{}', 0, m.w, 'BEST_PROFIT', 'bench', true
     FROM "Rig" r
     JOIN "SchedulerRun" run ON ${EPOCH_MINUTES >= 60 ? `extract(minute FROM run."epochStart") = 15 * (r.id % 4)` : "true"}
     CROSS JOIN LATERAL (SELECT (extract(epoch FROM run."epochStart")::bigint - 900 * (r.id % 4)) / 3600 AS hn) k
     CROSS JOIN LATERAL (SELECT
       (CASE WHEN r.kind = 'GPU_RIG' AND (r.id + k.hn) % 3 = 0 THEN 'AI' WHEN r.kind = 'ASIC' AND (r.id + k.hn) % 20 = 0 THEN 'IDLE' ELSE 'MINE' END)::"WorkMode" AS mode,
       CASE WHEN r.kind = 'GPU_RIG' AND (r.id + k.hn) % 3 = 0 THEN 'pytorch' WHEN r.kind = 'ASIC' AND (r.id + k.hn) % 20 = 0 THEN NULL WHEN r.kind = 'ASIC' THEN 'btc-sha256' ELSE 'rvn-kawpow' END AS workload,
       CASE WHEN r.kind = 'ASIC' THEN 3100 ELSE 2600 END::float8 AS w) m
     ORDER BY run."epochStart", r.id`,
  );
  // One job per GPU rig; a placement for each AI decision, ended at the next decision.
  await q(
    "jobs",
    `INSERT INTO "AiJob" (name, customer, "gpuCount", "minVramGbPerGpu", "priceMicroUsdPerGpuHour", "durationSeconds", "runtimeProfile", status, "startedAt")
     SELECT 'bench-' || r.id, 'customer-' || (r.id % 7), 8, 16, 1800000 + (r.id % 5) * 100000, 86400 * 40, 'pytorch', 'RUNNING', $1::timestamptz FROM "Rig" r WHERE r.kind = 'GPU_RIG' ORDER BY r.id`,
    [FROM],
  );
  await q(
    "placements",
    `INSERT INTO "Placement" ("jobId", "rigId", "gpuIndices", "startedAt", "endedAt", "endReason")
     SELECT j.id, d."rigId", '{0,1,2,3,4,5,6,7}', d.at, d.at + interval '1 hour', 'preempted'
     FROM "Decision" d JOIN "AiJob" j ON j.name = 'bench-' || d."rigId"
     WHERE d.mode = 'AI' AND extract(minute FROM d.at) = 15 * (d."rigId" % 4)
     ORDER BY d.at, d."rigId"`,
  );
  await q("analyze", `ANALYZE`);
}
