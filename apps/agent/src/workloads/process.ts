/**
 * Real workloads: a systemd unit (`systemctl start|stop|is-active`) or a command line the
 * agent runs itself. Arguments come only from the rig's own config; parameters reach the
 * workload as environment variables, never as shell text.
 */
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { promisify } from "node:util";
import type { TWorkloadConfig } from "../config";
import { type TStartRequest, type WorkloadDriver, workloadEnv } from "./driver";

const run = promisify(execFile);

export class ProcessDriver implements WorkloadDriver {
  private children = new Map<string, ChildProcess>();

  constructor(
    /** The agent's own environment, passed on to command workloads (PATH, HOME, ...). */
    private readonly baseEnv: Record<string, string | undefined> = {},
    private readonly systemctl = "systemctl",
  ) {}

  async start(request: TStartRequest): Promise<void> {
    const w = request.workload;
    const env = workloadEnv(request);
    if (w.unit) {
      // Parameters go to the unit through the manager's environment (read by EnvironmentFile-less units via %i-free Environment=).
      if (Object.keys(env).length) await run(this.systemctl, ["set-environment", ...Object.entries(env).map(([k, v]) => `${k}=${v}`)], { timeout: 15_000 });
      await run(this.systemctl, ["start", w.unit], { timeout: 60_000 });
      return;
    }
    if (w.command) {
      const [cmd, ...args] = w.command;
      const child = spawn(cmd!, args, { env: { ...this.baseEnv, ...env }, stdio: "ignore", detached: true });
      await new Promise<void>((resolve, reject) => {
        child.once("error", reject);
        child.once("spawn", () => resolve());
      });
      this.children.set(w.key, child);
      child.once("exit", () => this.children.delete(w.key));
    }
  }

  async stop(w: TWorkloadConfig): Promise<void> {
    if (w.unit) {
      await run(this.systemctl, ["stop", w.unit], { timeout: 120_000 });
      return;
    }
    const child = this.children.get(w.key);
    if (!child?.pid) return;
    // The command may have children of its own: signal its process group, then insist.
    try {
      process.kill(-child.pid, "SIGTERM");
    } catch {
      return;
    }
    const exited = await Promise.race([new Promise<boolean>((r) => child.once("exit", () => r(true))), new Promise<boolean>((r) => setTimeout(() => r(false), 30_000))]);
    if (!exited) {
      try {
        process.kill(-child.pid, "SIGKILL");
      } catch {
        // gone meanwhile
      }
    }
    this.children.delete(w.key);
  }

  async isRunning(w: TWorkloadConfig): Promise<boolean> {
    if (w.unit) {
      try {
        const { stdout } = await run(this.systemctl, ["is-active", w.unit], { timeout: 10_000 });
        return stdout.trim() === "active";
      } catch {
        return false;
      }
    }
    const child = this.children.get(w.key);
    return !!child && child.exitCode === null && child.signalCode === null;
  }
}
