/**
 * `npm run demo`: services, migrations, seed, the web app, the scheduler worker and a simulated
 * farm of 240 agents running the real agent code over HTTP. Ctrl-C stops everything.
 */
import { createHash, randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { createDatabase, type Database } from "@rigshift/db";
import { demoRigs, ensureUser, issueDemoEnrollmentTokens, seedCatalogue, seedDemoSites } from "@rigshift/db/seed";
import { seedDemoJobs, seedReplayMarket } from "@rigshift/scheduler/feeds";
import { ensureServices, freePort, migrate, ROOT } from "../lib/services";
import { buildWeb, readText, startAgentGateway, startProcess, startWeb, startWorker, type TProc, waitForHttp } from "../lib/stack";

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
  await ensureUser({ db: db.prisma, email: "admin@rigshift.local", name: "Admin", role: "ADMIN", password: adminPassword, resetPassword: true });
  writeFileSync(passwordFile, adminPassword, { mode: 0o600 });

  const stateRoot = path.join(DEMO_DIR, "agents");
  const rigs = demoRigs();
  // An agent whose token this database does not know (the database was reset, or the demo ran
  // against another server) enrolls again with a fresh one-time token.
  const known = await knownAgentTokens(
    db,
    rigs.map((r) => path.join(stateRoot, r.hostname)),
  );
  const needTokens = rigs.filter((r) => !known.has(path.join(stateRoot, r.hostname))).map((r) => r.hostname);
  for (const host of needTokens) {
    for (const f of ["identity.json", "enrollment.json", "desired.json"]) rmSync(path.join(stateRoot, host, f), { force: true });
  }
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
  // The farm reports to the agent gateway, as a large deployment's agents would.
  const gatewayPort = await freePort(port + 100);
  const gatewayUrl = `http://127.0.0.1:${gatewayPort}`;
  procs.push(startAgentGateway(gatewayPort, env));
  await waitForHttp(`${gatewayUrl}/api/agent/v1/desired-state`);

  const manifest = path.join(DEMO_DIR, "farm.json");
  writeFileSync(
    manifest,
    JSON.stringify({
      controlPlaneUrl: gatewayUrl,
      stateRoot,
      reportIntervalSeconds: 10,
      rigs: rigs.map((r, i) => ({ ...r, seed: i + 1, enrollmentToken: tokens.get(r.hostname) })),
    }),
    { mode: 0o600 },
  );
  procs.push(startProcess("farm", path.join(ROOT, "node_modules/.bin/tsx"), [path.join(ROOT, "scripts/demo/farm.ts"), manifest], {}));

  say("");
  say(`Rigshift is running: ${url}`);
  say(`sign in as admin@rigshift.local with password ${adminPassword}`);
  say(`${rigs.length} simulated rigs are enrolling and reporting to the agent gateway at ${gatewayUrl}; Ctrl-C stops everything.`);
} catch (error) {
  say(`failed: ${(error as Error).message}`);
  await stopAll(1);
}

/** State dirs whose agent token the database knows (an identity.json with a live token). */
async function knownAgentTokens(db: Database, dirs: string[]): Promise<Set<string>> {
  const byHash = new Map<string, string>();
  for (const dir of dirs) {
    try {
      const { rigToken } = JSON.parse(readFileSync(path.join(dir, "identity.json"), "utf8")) as { rigToken: string };
      byHash.set(createHash("sha256").update(rigToken).digest("hex"), dir);
    } catch {
      // no identity yet
    }
  }
  const { rows } = await db.pool.query<{ tokenHash: string }>(`SELECT "tokenHash" FROM "AgentToken" WHERE "revokedAt" IS NULL AND "tokenHash" = ANY($1::text[])`, [
    [...byHash.keys()],
  ]);
  return new Set(rows.map((r) => byHash.get(r.tokenHash)!));
}
