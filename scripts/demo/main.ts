/**
 * `npm run demo`: services, migrations, seed, the web app, the scheduler worker and a simulated
 * farm of 240 agents running the real agent code over HTTP. Ctrl-C stops everything.
 */
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { createDatabase } from "@rigshift/db";
import { demoRigs, ensureUser, issueDemoEnrollmentTokens, seedCatalogue, seedDemoSites } from "@rigshift/db/seed";
import { seedDemoJobs, seedReplayMarket } from "@rigshift/scheduler/feeds";
import { ensureServices, freePort, migrate, ROOT } from "../lib/services";
import { buildWeb, readText, startProcess, startWeb, startWorker, type TProc, waitForHttp } from "../lib/stack";

const DEMO_DIR = path.join(ROOT, ".data/demo");
const say = (msg: string) => process.stderr.write(`[demo] ${msg}\n`);

const services = await ensureServices({ database: "rigshift" });
for (const n of services.notes) say(n);
const procs: TProc[] = [];
let stopping = false;
async function stopAll(code = 0) {
  if (stopping) return;
  stopping = true;
  say("stopping…");
  for (const p of procs.reverse()) await p.stop();
  await services.stop();
  process.exit(code);
}
process.on("SIGINT", () => void stopAll(0));
process.on("SIGTERM", () => void stopAll(0));

try {
  say("applying migrations");
  migrate(services.databaseUrl);

  say("seeding catalogue, sites and users");
  mkdirSync(DEMO_DIR, { recursive: true });
  const db = createDatabase(services.databaseUrl);
  await seedCatalogue({ db: db.prisma });
  await seedDemoSites({ db: db.prisma });
  say("replaying real market prices (ERCOT HB_SOUTH, BTC hashprice, GPU rental) around today");
  await seedReplayMarket({ db, now: new Date() });
  const jobs = await seedDemoJobs({
    db,
    models: [
      ...new Set(
        demoRigs()
          .filter((r) => r.kind === "GPU_RIG")
          .map((r) => r.model),
      ),
    ],
    now: new Date(),
  });
  if (jobs.created) say(`queued ${jobs.created} AI jobs priced at real GPU marketplace quotes`);
  const passwordFile = path.join(DEMO_DIR, "admin-password");
  const adminPassword = process.env.RIGSHIFT_ADMIN_PASSWORD ?? readText(passwordFile) ?? randomBytes(9).toString("base64url");
  const admin = await ensureUser({ db: db.prisma, email: "admin@rigshift.local", name: "Admin", role: "ADMIN", password: adminPassword });
  if (admin.created) writeFileSync(passwordFile, adminPassword, { mode: 0o600 });

  const stateRoot = path.join(DEMO_DIR, "agents");
  const rigs = demoRigs();
  const needTokens = rigs.filter((r) => !existsSync(path.join(stateRoot, r.hostname, "identity.json"))).map((r) => r.hostname);
  const tokens = await issueDemoEnrollmentTokens({ db: db.prisma, hostnames: needTokens, now: new Date() });
  await db.close();

  const port = Number(process.env.PORT ?? (await freePort(3000)));
  const url = `http://127.0.0.1:${port}`;
  say("building the web app");
  buildWeb();
  const env = { DATABASE_URL: services.databaseUrl, REDIS_URL: services.redisUrl, INSECURE_COOKIES: "1" };
  procs.push(startWeb(port, env));
  await waitForHttp(`${url}/sign-in`);
  procs.push(startWorker("scheduler", { ...env, EPOCH_SECONDS: process.env.EPOCH_SECONDS ?? "60" }));

  const manifest = path.join(DEMO_DIR, "farm.json");
  writeFileSync(
    manifest,
    JSON.stringify({ controlPlaneUrl: url, stateRoot, reportIntervalSeconds: 10, rigs: rigs.map((r, i) => ({ ...r, seed: i + 1, enrollmentToken: tokens.get(r.hostname) })) }),
    { mode: 0o600 },
  );
  procs.push(startProcess("farm", path.join(ROOT, "node_modules/.bin/tsx"), [path.join(ROOT, "scripts/demo/farm.ts"), manifest], {}));

  say("");
  say(`Rigshift is running: ${url}`);
  say(`sign in as admin@rigshift.local with password ${admin.created || readText(passwordFile) ? adminPassword : "(set earlier: RIGSHIFT_ADMIN_PASSWORD)"}`);
  say(`${rigs.length} simulated rigs are enrolling and reporting; Ctrl-C stops everything.`);
} catch (error) {
  say(`failed: ${(error as Error).message}`);
  await stopAll(1);
}
