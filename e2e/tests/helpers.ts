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
  dashboard?: TDashboardSeed;
}

type TTally = { mining: number; ai: number; idle: number; maintenance: number; offline: number; total: number; powerKw: number };

/** The dashboard farm (scripts/test/seed-dashboard.ts): ids, and the numbers the overview must show. */
export interface TDashboardSeed {
  sites: Record<"E2E-1" | "E2E-2", number>;
  rigs: Record<string, number>;
  expected: { farm: TTally; sites: Record<"E2E-1" | "E2E-2", TTally> };
  apiKeys: { acme: string; initech: string };
}

/** Seeds a fresh database through the project's own seed helpers (scripts/test/seed-e2e.ts). */
export function seed(hostnames: string[]): TSeed {
  const out = execFileSync(TSX, [path.join(ROOT, "scripts/test/seed-e2e.ts"), ...hostnames], { cwd: ROOT, env: process.env, encoding: "utf8" });
  return JSON.parse(out.trim().split("\n").at(-1)!) as TSeed;
}

/** Seeds the dashboard farm on a fresh database. */
export function seedDashboard(): TSeed & { dashboard: TDashboardSeed } {
  return seed(["--dashboard"]) as TSeed & { dashboard: TDashboardSeed };
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

/** A same-origin API call with the page's session (what the dashboard's own fetches send). */
export function api(page: Page, method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE", url: string, data?: unknown) {
  return page.request.fetch(url, { method, data, headers: { origin: process.env.WEB_URL! } });
}

/** Saves a full-page screenshot for review: e2e/artifacts/screens/<name>.png. */
export async function screenshot(page: Page, name: string) {
  await page.waitForLoadState("networkidle").catch(() => {});
  await page.screenshot({ path: `artifacts/screens/${name}.png`, fullPage: true });
}
