/**
 * Ingest benchmark: simulated agents (8 GPUs each) post telemetry over loopback to the agent
 * gateway (the production ingest path) and to the same routes inside the Next app; measures
 * sustained samples/s end to end, request latency, Postgres rows/s, and the same rows loaded by
 * a raw COPY as the ceiling. Prints one JSON line per figure.
 *   tsx scripts/bench/ingest.ts [--rigs 5000] [--seconds 20] [--concurrency 48] [--rate 3300] [--targets floor,gateway,web] [--workers 1] [--samples-per-report 1]
 * Target floor: the same load against scripts/lib/http-floor-server.ts (read and parse each report, store
 * nothing), the most reports/s this machine takes over HTTP at all; its ratio to the COPY ceiling
 * bounds what any one-request-per-report ingest can reach here.
 * --samples-per-report K: each report carries K samples 1 s apart, as an agent sampling K times per
 * report interval sends them (sampleIntervalSeconds 10, reportIntervalSeconds 30: K = 3); the
 * issue's target (3,300 reports/s, 27k GPU samples/s) is K = 1, so the run at the target rate is
 * made for K = 1 only.
 * Bounded in time and in requests; talks only to 127.0.0.1.
 */
import { createHash, randomUUID } from "node:crypto";
import { chmodSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import http from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { createDatabase, ensurePartitions } from "@rigshift/db";
import { adminUrlOf, ensureServices, freePort, migrate, resetDatabase } from "../lib/services";
import { buildWeb, startAgentGateway, startProcess, startWeb, type TProc, waitForHttp } from "../lib/stack";

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const RIGS = arg("rigs", 5000);
const SECONDS = arg("seconds", 20);
const CONCURRENCY = arg("concurrency", 48);
const TARGET_RATE = arg("rate", 3300);
const WORKERS = arg("workers", 1);
const SAMPLES_PER_REPORT = arg("samples-per-report", 1);
const targetsAt = process.argv.indexOf("--targets");
const TARGETS = (targetsAt >= 0 ? process.argv[targetsAt + 1]! : "gateway,web").split(",");
const GPUS = 8;
const emit = (figure: string, value: number, unit: string, extra: Record<string, unknown> = {}) =>
  console.log(JSON.stringify({ bench: "ingest", figure, value: Math.round(value * 100) / 100, unit, samplesPerReport: SAMPLES_PER_REPORT, ...extra }));
let target = "";
const emitFor = (figure: string, value: number, unit: string, extra: Record<string, unknown> = {}) => emit(figure, value, unit, { target, ...extra });

const services = await ensureServices({ database: "rigshift_bench_ingest", ownDatabase: true });
await resetDatabase(adminUrlOf(services.databaseUrl), "rigshift_bench_ingest");
migrate(services.databaseUrl);
const db = createDatabase(services.databaseUrl);
await ensurePartitions({ db, now: new Date(), daysAhead: 1 });

// Fleet: RIGS rigs with 8 GPUs and a token each, seeded in bulk.
const token = (i: number) => `rsa_bench_${i.toString(36).padStart(8, "0")}`;
await db.pool.query(`INSERT INTO "Site" (code, name, timezone, "marketZone", "powerCapKw", "coolingCapacityKw") VALUES ('B-1', 'bench', 'UTC', 'ERCOT:HB_SOUTH', 1e6, 1e6)`);
await db.pool.query(`INSERT INTO "Rig" ("siteId", hostname, kind, model) SELECT 1, 'bench-' || g, 'GPU_RIG', 'RTX 3090' FROM generate_series(1, $1) g`, [RIGS]);
await db.pool.query(`INSERT INTO "Device" ("rigId", index, kind, model, "vramMb") SELECT r, i, 'GPU', 'RTX 3090', 24576 FROM generate_series(1, $1) r, generate_series(0, $2) i`, [
  RIGS,
  GPUS - 1,
]);
const hashes = Array.from({ length: RIGS }, (_, i) =>
  createHash("sha256")
    .update(token(i + 1))
    .digest("hex"),
);
await db.pool.query(`INSERT INTO "AgentToken" ("rigId", prefix, "tokenHash") SELECT g, 'rsa_bench', h FROM unnest($1::text[]) WITH ORDINALITY AS t(h, g)`, [hashes]);

let url = "";
const serverEnv = { AGENT_GATEWAY_WORKERS: String(WORKERS), DATABASE_URL: services.databaseUrl, REDIS_URL: services.redisUrl, INSECURE_COOKIES: "1" };
async function startTarget(name: string): Promise<TProc> {
  const port = await freePort(3400);
  url = `http://127.0.0.1:${port}`;
  if (name === "gateway") {
    const gateway = startAgentGateway(port, serverEnv, { quiet: true });
    await waitForHttp(`${url}/api/agent/v1/desired-state`);
    return gateway;
  }
  if (name === "floor") {
    const floor = startProcess("floor", process.execPath, ["--import", "tsx", path.join(import.meta.dirname, "../lib/http-floor-server.ts")], {
      FLOOR_PORT: String(port),
      FLOOR_WORKERS: String(WORKERS),
    });
    await waitForHttp(url);
    return floor;
  }
  const distDir = ".next-bench";
  buildWeb({ NEXT_DIST_DIR: distDir });
  const web = startWeb(port, { ...serverEnv, NEXT_DIST_DIR: distDir }, { quiet: true });
  await waitForHttp(`${url}/sign-in`);
  return web;
}

function body(rig: number, atMs: number) {
  return JSON.stringify({
    batchId: randomUUID(),
    // Sent now, by a rig whose clock is right: samples may be older (a backlog), the clock is not.
    sentAt: new Date().toISOString(),
    agentVersion: "bench",
    samples: Array.from({ length: SAMPLES_PER_REPORT }, (_, k) => ({
      at: new Date(atMs + k * 1000).toISOString(),
      rig: { powerW: 2400 + (rig % 50), cpuLoadPct: 7, memUsedMb: 3200, memTotalMb: 15872, inletTempC: 24 },
      devices: Array.from({ length: GPUS }, (_, index) => ({
        index,
        kind: "GPU",
        tempC: 60 + index,
        memTempC: 74,
        powerW: 290 + index,
        utilPct: 100,
        vramUsedMb: 7000,
        fanPct: 62,
        coreClockMhz: 1695,
        memClockMhz: 9501,
        hashrateHs: 61e6,
      })),
      mode: "MINE",
      workload: "rvn-kawpow",
    })),
    events: [],
  });
}

// node:http with keep-alive: the load generator's own cost per request stays small next to the server's.
const agent = new http.Agent({ keepAlive: true, maxSockets: 512 });
function post(rig: number, atMs: number): Promise<{ ok: boolean; ms: number }> {
  const started = performance.now();
  const payload = body(rig, atMs);
  return new Promise((resolve) => {
    const req = http.request(
      `${url}/api/agent/v1/telemetry`,
      { method: "POST", agent, headers: { "content-type": "application/json", "content-length": Buffer.byteLength(payload), authorization: `Bearer ${token(rig)}` } },
      (res) => {
        res.resume();
        res.on("end", () => resolve({ ok: res.statusCode === 200, ms: performance.now() - started }));
      },
    );
    req.on("error", () => resolve({ ok: false, ms: performance.now() - started }));
    req.end(payload);
  });
}

// CPU time by process during the closed loop names the bottleneck (Linux /proc; clock ticks of 10 ms).
// Postgres counts this database's backends and the cluster's own processes (WAL writer,
// checkpointer, …), not other databases' sessions: the cluster may be shared.
function processes(): { pid: number; ppid: number; comm: string; cmdline: string; cpuMs: number }[] {
  const out = [];
  for (const d of readdirSync("/proc")) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(") ") + 2).split(" ");
      const comm = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
      const cmdline = comm === "postgres" ? readFileSync(`/proc/${d}/cmdline`, "utf8") : "";
      out.push({ pid: Number(d), ppid: Number(fields[1]), comm, cmdline, cpuMs: (Number(fields[11]) + Number(fields[12])) * 10 });
    } catch {
      // exited meanwhile
    }
  }
  return out;
}
const ROLES = ["generator", "server", "postgres", "redis"] as const;
/** CPU ms by process id and role; compare two with cpuSpent (a process that exited meanwhile counts nothing). */
function cpuByRole() {
  const all = processes();
  const tree = new Set([serverPid]);
  for (const p of all) if (tree.has(p.ppid)) tree.add(p.pid);
  const ownPostgres = (p: (typeof all)[number]) =>
    p.comm === "postgres" && (p.cmdline.includes("rigshift_bench_ingest") || !/ \S+ \S+ (\d+\.|\[local\])/.test(p.cmdline.replaceAll("\0", " ")));
  const role = (p: (typeof all)[number]): (typeof ROLES)[number] | undefined =>
    p.pid === process.pid ? "generator" : tree.has(p.pid) ? "server" : ownPostgres(p) ? "postgres" : p.comm === "redis-server" ? "redis" : undefined;
  const byPid = new Map<number, { role: (typeof ROLES)[number]; cpuMs: number }>();
  for (const p of all) {
    const r = role(p);
    if (r) byPid.set(p.pid, { role: r, cpuMs: p.cpuMs });
  }
  return byPid;
}
function cpuSpent(before: ReturnType<typeof cpuByRole>, after: ReturnType<typeof cpuByRole>): Record<(typeof ROLES)[number], number> {
  const spent = { generator: 0, server: 0, postgres: 0, redis: 0 };
  for (const [pid, p] of after) spent[p.role] += p.cpuMs - (before.get(pid)?.cpuMs ?? 0);
  return spent;
}
let serverPid = 0;

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? 0;
};
const deviceRows = async () => Number((await db.pool.query(`SELECT count(*) FROM "DeviceSample"`)).rows[0].count);

// Rigs report in turn, as a running fleet does: samples of the last second (the ingest records
// older ones as late telemetry, for the rollups to re-roll), never one a rig has sent already.
let nextRig = 0;
const lastAt = new Float64Array(RIGS + 1);
const nextReport = () => {
  nextRig = (nextRig % RIGS) + 1;
  const at = Math.max(Math.floor(Date.now() / 1000) * 1000 - 1000, lastAt[nextRig]! + 1000 * SAMPLES_PER_REPORT);
  lastAt[nextRig] = at;
  return { rig: nextRig, at };
};

async function load(): Promise<number> {
  // 1. Closed loop: CONCURRENCY agents posting back to back -> the sustained maximum.
  // Warm-up: every rig reports once, as a running fleet has (token caches filled, connections open).
  let warm = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (warm < RIGS) {
        const rig = ++warm;
        lastAt[rig] = Math.floor(Date.now() / 1000) * 1000 - 10_000 * SAMPLES_PER_REPORT;
        await post(rig, lastAt[rig]);
      }
    }),
  );
  const rowsBefore = await deviceRows();
  const cpuBefore = cpuByRole();
  const latencies: number[] = [];
  let failures = 0;
  const deadline = performance.now() + SECONDS * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (performance.now() < deadline) {
        const r = nextReport();
        const res = await post(r.rig, r.at);
        latencies.push(res.ms);
        if (!res.ok) failures += 1;
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  const cpuAfter = cpuByRole();
  const rowsStored = (await deviceRows()) - rowsBefore;
  const maxReportsPerS = latencies.length / elapsed;
  emitFor("closed_loop_reports_per_s", maxReportsPerS, "reports/s", { concurrency: CONCURRENCY, gpusPerReport: GPUS });
  emitFor("closed_loop_gpu_samples_per_s", maxReportsPerS * GPUS * SAMPLES_PER_REPORT, "samples/s");
  emitFor("closed_loop_p50_ms", pct(latencies, 50), "ms");
  emitFor("closed_loop_p99_ms", pct(latencies, 99), "ms");
  emitFor("closed_loop_failures", failures, "requests");
  if (target !== "floor") emitFor("postgres_device_rows_per_s", rowsStored / elapsed, "rows/s");
  const spent = cpuSpent(cpuBefore, cpuAfter);
  for (const k of ROLES) {
    emitFor(`cpu_ms_per_report_${k}`, spent[k] / latencies.length, "ms", { coresBusy: Math.round((spent[k] / 1000 / elapsed) * 100) / 100 });
  }

  // 2. Open loop: latency at a steady arrival rate, at 80% of the maximum (a headroom figure),
  // and at the target rate itself when that is higher (the figure: p99 at 3,300/s).
  const headroomRate = Math.min(TARGET_RATE, Math.floor(maxReportsPerS * 0.8));
  await openLoop(headroomRate, "open_loop");
  if (headroomRate < TARGET_RATE && SAMPLES_PER_REPORT === 1) await openLoop(TARGET_RATE, "open_loop_at_target");
  return maxReportsPerS;
}

async function openLoop(rate: number, prefix: string) {
  const openLat: number[] = [];
  let openFail = 0;
  const inflight: Promise<void>[] = [];
  const openStart = performance.now();
  const total = Math.floor(rate * Math.min(SECONDS, 15));
  for (let i = 0; i < total; i++) {
    const due = openStart + (i / rate) * 1000;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    const r = nextReport();
    inflight.push(
      post(r.rig, r.at).then((res) => {
        openLat.push(res.ms);
        if (!res.ok) openFail += 1;
      }),
    );
  }
  await Promise.all(inflight);
  emitFor(`${prefix}_rate`, rate, "reports/s", { achieved: Math.round(total / ((performance.now() - openStart) / 1000)) });
  emitFor(`${prefix}_p50_ms`, pct(openLat, 50), "ms");
  emitFor(`${prefix}_p99_ms`, pct(openLat, 99), "ms");
  emitFor(`${prefix}_failures`, openFail, "requests");
}

const bestByTarget = new Map<string, number>();
for (const name of TARGETS) {
  target = name;
  const proc = await startTarget(name);
  serverPid = proc.child.pid ?? 0;
  try {
    bestByTarget.set(name, await load());
  } finally {
    await proc.stop();
  }
}

// 3. Ceiling: the same kind of rows loaded by a server-side COPY.
const n = 400_000;
const dir = mkdtempSync(path.join(tmpdir(), "copy-"));
chmodSync(dir, 0o755);
const file = path.join(dir, "rows.csv");
const lines: string[] = [];
const base = Date.now() - 7200_000;
for (let i = 0; i < n; i++) {
  const rig = (i % RIGS) + 1;
  const dev = (rig - 1) * GPUS + 1 + (Math.floor(i / RIGS) % GPUS);
  lines.push(`${dev},${new Date(base - Math.floor(i / (RIGS * GPUS)) * 1000 - 1).toISOString()},${rig},61,74,291,100,7000,62,1695,9501,61000000,0`);
}
writeFileSync(file, `${lines.join("\n")}\n`);
chmodSync(file, 0o644);
const copyStart = performance.now();
await db.pool.query(
  `COPY "DeviceSample" ("deviceId", at, "rigId", "tempC", "memTempC", "powerW", "utilPct", "vramUsedMb", "fanPct", "coreClockMhz", "memClockMhz", "hashrateHs", errors) FROM '${file}' CSV`,
);
const copyRowsPerS = n / ((performance.now() - copyStart) / 1000);
emit("copy_ceiling_device_rows_per_s", copyRowsPerS, "rows/s", { rows: n });
for (const [name, reportsPerS] of bestByTarget) emit("end_to_end_vs_copy_ratio", (reportsPerS * GPUS * SAMPLES_PER_REPORT) / copyRowsPerS, "ratio", { target: name });
await db.close();
await services.stop();
