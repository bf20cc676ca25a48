/**
 * The stack the fault tests break: private Postgres and Redis (scripts/lib/private-services.ts,
 * never the machine's shared servers), the built web app (`next start`, as many instances as
 * asked) and scheduler workers, all on loopback. Seeds one site with prices and AI jobs so that
 * epochs place work. Needs the web app built into NEXT_DIST_DIR (npm test builds it).
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { createDatabase, type Database } from "@rigshift/db";
import { ensureUser } from "@rigshift/db/seed";
import { seedSite } from "@rigshift/db/testing";
import { storePriceSeries } from "@rigshift/scheduler/feeds";
import { killTree, startPrivatePostgres, startPrivateRedis, type TPrivatePostgres, type TPrivateServer } from "../../lib/private-services";
import { freePort, migrate, ROOT, sleep } from "../../lib/services";
import { startWeb, startWorker, type TProc, waitForHttp } from "../../lib/stack";

export const OPERATOR = { email: "faults@example.com", password: "correct horse battery" };

export interface TWeb {
  port: number;
  url: string;
  proc: TProc;
}

export interface TFaultStack {
  db: Database;
  pg: TPrivatePostgres;
  redis: TPrivateServer & { url: string };
  env: Record<string, string>;
  siteId: number;
  webs: TWeb[];
  /** SIGKILLs web instance `i`. */
  killWeb(i: number): Promise<void>;
  /** Starts web instance `i` again on its port and waits until it answers. */
  restartWeb(i: number): Promise<void>;
  /** SIGKILLs a worker (and the node process its `tsx` runs). */
  killWorker(proc: TProc): Promise<void>;
  /** A scheduler worker with a short epoch; `workerId` is what SchedulerRun.workerId will say. */
  startWorker(workerId: string): TProc;
  /** A session cookie of an operator, for the dashboard's API. */
  signIn(web: TWeb): Promise<string>;
  stop(): Promise<void>;
}

export const EPOCH_SECONDS = 5;

export async function startFaultStack({ webInstances }: { webInstances: number }): Promise<TFaultStack> {
  const dist = process.env.NEXT_DIST_DIR ?? ".next";
  if (!existsSync(path.join(ROOT, "apps/web", dist, "BUILD_ID"))) {
    throw new Error(`the web app is not built in apps/web/${dist}: run the tests with \`npm test\` (it builds it), or \`next build\` with the same NEXT_DIST_DIR`);
  }
  const procs: TProc[] = [];
  const pg = await startPrivatePostgres({ databases: ["faults"] });
  const redis = await startPrivateRedis();
  const databaseUrl = pg.url("faults");
  migrate(databaseUrl);
  const db = createDatabase(databaseUrl, { maxConnections: 4 });
  const env = {
    DATABASE_URL: databaseUrl,
    REDIS_URL: redis.url,
    QUEUE_PREFIX: `faults-${process.pid}`,
    INSECURE_COOKIES: "1",
    RIG_STALE_AFTER_SECONDS: "8",
    RIG_OFFLINE_AFTER_SECONDS: "15",
  };
  const siteId = await seedFarm(db);
  await ensureUser({ db: db.prisma, email: OPERATOR.email, name: "Faults", role: "OPERATOR", password: OPERATOR.password });

  const webs: TWeb[] = [];
  for (let i = 0; i < webInstances; i++) {
    const port = await freePort(3400 + (process.pid % 200) * 2 + i);
    webs.push({ port, url: `http://127.0.0.1:${port}`, proc: startWeb(port, env, { quiet: true }) });
  }
  await Promise.all(webs.map(warmUp));

  return {
    db,
    pg,
    redis,
    env,
    siteId,
    webs,
    async killWeb(i) {
      await killProc(webs[i]!.proc);
    },
    killWorker: killProc,
    async restartWeb(i) {
      const web = webs[i]!;
      web.proc = startWeb(web.port, env, { quiet: true });
      await warmUp(web);
    },
    startWorker(workerId) {
      const proc = startWorker(workerId, { ...env, EPOCH_SECONDS: String(EPOCH_SECONDS), WORKER_ID: workerId }, { quiet: true });
      procs.push(proc);
      return proc;
    },
    async signIn(web) {
      const res = await fetch(`${web.url}/api/auth/sign-in`, {
        method: "POST",
        headers: { "content-type": "application/json", origin: web.url },
        body: JSON.stringify(OPERATOR),
      });
      if (res.status !== 200) throw new Error(`sign-in answered ${res.status}`);
      return (res.headers.get("set-cookie") ?? "").split(";")[0]!;
    },
    async stop() {
      for (const p of [...procs, ...webs.map((w) => w.proc)]) await p.stop();
      await db.close().catch(() => {});
      await redis.stop();
      await pg.stop();
    },
  };
}

async function killProc(proc: TProc) {
  const exited = new Promise((r) => (proc.child.exitCode === null ? proc.child.once("exit", r) : r(null)));
  await killTree(proc.child.pid!);
  await exited;
}

/**
 * A fresh `next start` loads each route on its first request, which can outlast an agent's
 * request timeout: load the routes the tests use before any agent calls.
 */
async function warmUp(web: TWeb) {
  await waitForHttp(`${web.url}/sign-in`);
  for (const route of ["enroll", "telemetry"]) {
    await fetch(`${web.url}/api/agent/v1/${route}`, { method: "POST", body: "{}", headers: { "content-type": "application/json" } });
  }
  await fetch(`${web.url}/api/v1/health`);
  await fetch(`${web.url}/api/v1/overview`);
  await sleep(100);
}

/** One site priced at 25 USD/MWh around now, and six 2-GPU AI jobs: epochs have work to place. */
async function seedFarm(db: Database): Promise<number> {
  const hour = Math.floor(Date.now() / 3600_000) * 3600_000;
  await storePriceSeries({
    db,
    feedName: "faults",
    feedKind: "MANUAL",
    series: [
      {
        key: "electricity:ERCOT:HB_SOUTH:dam",
        kind: "ELECTRICITY",
        unit: "USD/MWh",
        zone: "ERCOT:HB_SOUTH",
        intervalSeconds: 3600,
        points: [-1, 0, 1, 2].map((h) => ({ atMs: hour + h * 3600_000, value: 25 })),
      },
    ],
  });
  const site = await seedSite(db);
  for (let i = 0; i < 6; i++) {
    await db.prisma.aiJob.create({
      data: {
        name: `fault-job-${i}`,
        customer: "faults",
        gpuCount: 2,
        minVramGbPerGpu: 8,
        priceMicroUsdPerGpuHour: BigInt(1_500_000 + i * 10_000),
        durationSeconds: 3600,
        runtimeProfile: "pytorch",
      },
    });
  }
  return site.id;
}
