import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Page } from "@playwright/test";

export const ROOT = path.resolve(import.meta.dirname, "../..");
const TSX = path.join(ROOT, "node_modules/.bin/tsx");

export interface TSeed {
  admin: { email: string; password: string };
  users: Record<string, { email: string; password: string }>;
  site: { code: string };
  enrollmentTokens: Record<string, string>;
}

/** Seeds a fresh database through the project's own seed helpers (scripts/test/seed-e2e.ts). */
export function seed(hostnames: string[]): TSeed {
  const out = execFileSync(TSX, [path.join(ROOT, "scripts/test/seed-e2e.ts"), ...hostnames], { cwd: ROOT, env: process.env, encoding: "utf8" });
  return JSON.parse(out.trim().split("\n").at(-1)!) as TSeed;
}

/** Signs in through the API (not the form); the browser context keeps the session cookie. */
export async function signIn(page: Page, user: { email: string; password: string }) {
  const res = await page.request.post("/api/auth/sign-in", { data: user, headers: { origin: process.env.WEB_URL! } });
  if (!res.ok()) throw new Error(`sign-in failed: ${res.status()} ${await res.text()}`);
}

/** Runs the real agent CLI with simulated hardware, reporting every 2 s. */
export function startAgent(hostname: string, enrollmentToken: string): ChildProcess {
  const dir = mkdtempSync(path.join(tmpdir(), `agent-${hostname}-`));
  const config = path.join(dir, "agent.yaml");
  writeFileSync(
    config,
    [
      `controlPlaneUrl: ${process.env.WEB_URL}`,
      `enrollmentToken: ${enrollmentToken}`,
      `hostname: ${hostname}`,
      `stateDir: ${dir}/state`,
      "sampleIntervalSeconds: 2",
      "reportIntervalSeconds: 2",
      "hardware: { backend: simulated, kind: GPU_RIG, model: RTX 3090, deviceCount: 8, devicePowerW: 350, vramMb: 24576, miningHashrateHs: 61000000 }",
      "workloads:",
      "  - { key: rvn-kawpow, mode: MINE }",
      "  - { key: pytorch, mode: AI }",
    ].join("\n"),
  );
  // Node itself (with tsx as a loader), not the tsx wrapper: killing it must kill the agent.
  return spawn(process.execPath, ["--import", "tsx", path.join(ROOT, "apps/agent/src/main.ts"), "run", "--config", config], { cwd: ROOT, stdio: "ignore" });
}
