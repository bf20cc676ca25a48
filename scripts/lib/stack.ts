/**
 * Starts the control plane's processes (web, scheduler worker) against given services.
 * Shared by `npm run demo` and the test runs.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { ROOT, sleep, stopChild } from "./services";

const BIN = path.join(ROOT, "node_modules/.bin");

export function buildWeb(env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(path.join(BIN, "next"), ["build"], { cwd: path.join(ROOT, "apps/web"), stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", ...env } });
  if (r.status !== 0) throw new Error("next build failed");
}

export function webIsBuilt() {
  return existsSync(path.join(ROOT, "apps/web/.next/BUILD_ID"));
}

export interface TProc {
  name: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

export function startProcess(name: string, command: string, args: string[], env: NodeJS.ProcessEnv, options: { cwd?: string; quiet?: boolean } = {}): TProc {
  const child = spawn(command, args, { cwd: options.cwd ?? ROOT, env: { ...process.env, ...env }, stdio: options.quiet ? "ignore" : ["ignore", "pipe", "pipe"] });
  const prefix = (line: string) => `[${name}] ${line}`;
  for (const stream of [child.stdout, child.stderr]) {
    let buf = "";
    stream?.on("data", (d: Buffer) => {
      buf += d.toString();
      const lines = buf.split("\n");
      buf = lines.pop() ?? "";
      for (const l of lines) if (l.trim()) process.stderr.write(`${prefix(l)}\n`);
    });
  }
  return { name, child, stop: () => stopChild(child) };
}

export function startWeb(port: number, env: NodeJS.ProcessEnv, options: { quiet?: boolean } = {}): TProc {
  return startProcess(
    `web:${port}`,
    path.join(BIN, "next"),
    ["start", "-p", String(port), "-H", "127.0.0.1"],
    { NEXT_TELEMETRY_DISABLED: "1", ...env },
    { cwd: path.join(ROOT, "apps/web"), ...options },
  );
}

/** The agent gateway: the agent API without Next's per-request cost (apps/web/src/gateway). */
export function startAgentGateway(port: number, env: NodeJS.ProcessEnv, options: { quiet?: boolean } = {}): TProc {
  return startProcess(
    `gateway:${port}`,
    process.execPath,
    [...(process.env.GATEWAY_NODE_ARGS?.split(" ").filter(Boolean) ?? []), "--import", "tsx", "src/gateway/main.ts"],
    { AGENT_GATEWAY_PORT: String(port), AGENT_GATEWAY_HOST: "127.0.0.1", ...env },
    { cwd: path.join(ROOT, "apps/web"), ...options },
  );
}

export function startWorker(name: string, env: NodeJS.ProcessEnv, options: { quiet?: boolean } = {}): TProc {
  return startProcess(name, path.join(BIN, "tsx"), [path.join(ROOT, "packages/scheduler/src/worker/main.ts")], env, options);
}

export async function waitForHttp(url: string, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (res.status < 500) return;
    } catch {
      // not up yet
    }
    await sleep(250);
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms`);
}

export function readText(file: string): string | null {
  return existsSync(file) ? readFileSync(file, "utf8").trim() : null;
}
