/**
 * A private `next start` for tests that need their own settings (rate limits, a dead Redis), the
 * process's output (secrets must never reach it) or its memory. Serves the build that `npm test`
 * made (NEXT_DIST_DIR, default .next). Test-only.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import net from "node:net";
import path from "node:path";

const WEB_DIR = path.resolve(import.meta.dirname, "../..");
const NEXT_BIN = path.resolve(WEB_DIR, "../../node_modules/.bin/next");

export interface TWebProcess {
  url: string;
  pid: number;
  /** Everything the process wrote to stdout and stderr so far. */
  output(): string;
  /** Resident memory of the server and its children, KiB (Linux /proc). */
  rssKb(): number;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function descendants(pid: number): number[] {
  const out = [pid];
  const tasks = `/proc/${pid}/task`;
  if (!existsSync(tasks)) return out;
  for (const task of readdirSync(tasks)) {
    const children = readFileSync(`${tasks}/${task}/children`, "utf8").trim();
    for (const child of children ? children.split(/\s+/) : []) out.push(...descendants(Number(child)));
  }
  return out;
}

function rssOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
}

/** `env`: the whole environment of the process (the test's own, with its overrides). */
export async function startWebProcess(env: NodeJS.ProcessEnv): Promise<TWebProcess> {
  if (!env.DATABASE_URL) throw new Error("DATABASE_URL is not set: run with `npm test`");
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(NEXT_BIN, ["start", "-p", String(port), "-H", "127.0.0.1"], {
    cwd: WEB_DIR,
    env: { NEXT_TELEMETRY_DISABLED: "1", INSECURE_COOKIES: "1", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (output += d.toString()));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`next start exited (${child.exitCode}):\n${output.slice(-2000)}`);
    const up = await fetch(`${url}/api/v1/health`, { signal: AbortSignal.timeout(2_000) }).then(
      () => true,
      () => false,
    );
    if (up) break;
    if (Date.now() > deadline) throw new Error(`next start did not answer within 60 s:\n${output.slice(-2000)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    pid: child.pid!,
    output: () => output,
    rssKb: () => descendants(child.pid!).reduce((sum, pid) => sum + (existsSync(`/proc/${pid}/status`) ? rssOf(pid) : 0), 0),
    async stop() {
      if (child.exitCode !== null) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
