/**
 * `npm test`: every check the project has, against real Postgres and Redis:
 *   1. schema drift (prisma/schema.prisma vs the migrations), typecheck, lint;
 *   2. unit and integration tests (vitest), with a built web app running;
 *   3. the Playwright e2e suite in Debian's Chromium against the same stack.
 * Each step's result is printed; the last line is "N passed, N failed".
 */
import { spawnSync } from "node:child_process";
import path from "node:path";
import { ensureChromium } from "../lib/chromium";
import { adminUrlOf, ensureServices, freePort, migrate, ROOT, resetDatabase } from "../lib/services";
import { buildWeb, startAgentGateway, startWeb, startWorker, type TProc, waitForHttp } from "../lib/stack";

// `npm test -- unit e2e` runs only those steps; anything after a second `--` goes to vitest
// (a file filter), so one area's integration tests can run against a freshly built stack.
const dashes = process.argv.indexOf("--", 2);
const only = process.argv.slice(2, dashes < 0 ? undefined : dashes);
const vitestArgs = dashes < 0 ? [] : process.argv.slice(dashes + 1);
const want = (step: string) => only.length === 0 || only.includes(step);
const say = (msg: string) => process.stderr.write(`[test] ${msg}\n`);
const BIN = path.join(ROOT, "node_modules/.bin");
const results: { step: string; ok: boolean; seconds: number }[] = [];

function step(name: string, command: string, args: string[], env: NodeJS.ProcessEnv = {}, cwd = ROOT) {
  say(`${name}: ${path.basename(command)} ${args.join(" ")}`);
  const started = Date.now();
  const r = spawnSync(command, args, { cwd, stdio: "inherit", env: { ...process.env, ...env } });
  const ok = r.status === 0;
  results.push({ step: name, ok, seconds: Math.round((Date.now() - started) / 1000) });
  say(`${name}: ${ok ? "ok" : "FAILED"}`);
  return ok;
}

// Separate databases let two checkouts (or a developer and a helper) test side by side.
const DB_NAME = process.env.TEST_DB_NAME ?? "rigshift_test";
const services = await ensureServices({ database: DB_NAME });
for (const n of services.notes) say(n);
const procs: TProc[] = [];
try {
  await resetDatabase(adminUrlOf(services.databaseUrl), DB_NAME);
  migrate(services.databaseUrl);
  const env = { DATABASE_URL: services.databaseUrl, REDIS_URL: services.redisUrl, QUEUE_PREFIX: DB_NAME.replace(/_/g, "-"), CHECKPOINT_DISABLE: "1" };

  if (want("static")) {
    step(
      "schema-drift",
      path.join(BIN, "prisma"),
      ["migrate", "diff", "--from-migrations", "prisma/migrations", "--to-schema-datamodel", "prisma/schema.prisma", "--exit-code"],
      env,
    );
    step("typecheck", path.join(BIN, "turbo"), ["run", "typecheck", "--output-logs=errors-only"], { TURBO_TELEMETRY_DISABLED: "1" });
    step("typecheck-scripts", path.join(BIN, "tsc"), ["--noEmit", "-p", "scripts/tsconfig.json"]);
    step("lint", path.join(BIN, "biome"), ["check", "."]);
  }

  // One built web app serves the integration tests and the e2e suite. Short thresholds so
  // that "a stopped agent goes stale" takes seconds, not minutes.
  const port = await freePort(3210);
  const webUrl = `http://127.0.0.1:${port}`;
  // `next start` runs as production, where /metrics needs a token: the tests scrape with this one.
  // Rate-limit counters per run: Redis outlives a run, and sign-in failures count for 15 minutes.
  // Every test client and browser comes from 127.0.0.1: the per-address limit is raised.
  const stackEnv = {
    ...env,
    INSECURE_COOKIES: "1",
    RIG_STALE_AFTER_SECONDS: "8",
    RIG_OFFLINE_AFTER_SECONDS: "60",
    METRICS_TOKEN: "test-metrics-token-0123456789",
    RATE_LIMIT_PREFIX: `${env.QUEUE_PREFIX}:rl:${Date.now()}`,
    IP_RATE_LIMIT_PER_MINUTE: "20000",
  };
  if (want("unit") || want("e2e")) {
    buildWeb();
    procs.push(startWeb(port, stackEnv, { quiet: true }));
    await waitForHttp(`${webUrl}/sign-in`);
  }
  if (want("unit")) {
    const gatewayPort = await freePort(port + 1);
    const gatewayUrl = `http://127.0.0.1:${gatewayPort}`;
    procs.push(startAgentGateway(gatewayPort, stackEnv, { quiet: true }));
    await waitForHttp(`${gatewayUrl}/api/agent/v1/desired-state`);
    step("vitest", path.join(BIN, "vitest"), ["run", ...vitestArgs], { ...stackEnv, WEB_URL: webUrl, GATEWAY_URL: gatewayUrl });
  }
  if (want("e2e")) {
    const chromium = ensureChromium();
    procs.push(startWorker("scheduler", { ...stackEnv, EPOCH_SECONDS: "10" }, { quiet: true }));
    step("e2e", path.join(BIN, "playwright"), ["test"], { ...stackEnv, WEB_URL: webUrl, CHROMIUM_PATH: chromium }, path.join(ROOT, "e2e"));
  }
} catch (error) {
  say(`error: ${(error as Error).message}`);
  results.push({ step: "setup", ok: false, seconds: 0 });
} finally {
  for (const p of procs.reverse()) await p.stop();
  await services.stop();
}

for (const r of results) say(`${r.ok ? "ok    " : "FAILED"} ${r.step} (${r.seconds} s)`);
const failed = results.filter((r) => !r.ok).length;
console.log(`${results.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
