/**
 * Real workloads: a systemd unit (`systemctl start|stop|is-active`) or a command line the
 * agent runs itself. Arguments come only from the rig's own config; parameters reach the
 * workload as environment variables, never as shell text.
 *
 * A command workload runs in its own process group, and its pid is recorded in the state
 * directory while it runs. If the agent dies (killed mid-switch, OOM, power glitch of the
 * agent alone), the next agent finds the record and stops that group before it starts
 * anything: a rig never runs two workloads at once, even across agent restarts.
 */
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { mkdirSync, readdirSync, unlinkSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import * as z from "zod";
import type { TWorkloadConfig } from "../config";
import { readJsonFile, writeJsonFile } from "../identity";
import { type Logger, silentLogger } from "../log";
import { MANAGED_ENV, type TStartRequest, type WorkloadDriver, workloadEnv } from "./driver";
import { bootId, procStat, stopGroup } from "./process-group";

const run = promisify(execFile);

/** What is recorded about a running command workload: enough to tell a reused pid apart. */
const ZPidRecord = z.object({ key: z.string(), pid: z.number().int().positive(), startTime: z.string().optional(), bootId: z.string().optional(), startedAt: z.string() });
type TPidRecord = z.infer<typeof ZPidRecord>;

export interface TProcessDriverOptions {
  /** The agent's own environment, passed on to command workloads (PATH, HOME, ...). */
  baseEnv?: Record<string, string | undefined>;
  systemctl?: string;
  /** Where running command workloads are recorded (`<stateDir>/workloads/<key>.json`); none: nothing is recorded. */
  stateDir?: string;
  /** Grace between SIGTERM and SIGKILL for a command workload's process group, ms. */
  stopTimeoutMs?: number;
  /** The configured workloads: recover() stops those of them that are systemd units and still active. */
  workloads?: TWorkloadConfig[];
  log?: Logger;
}

export class ProcessDriver implements WorkloadDriver {
  readonly excludesDevices = true;
  private children = new Map<string, ChildProcess>();

  constructor(private readonly options: TProcessDriverOptions = {}) {}

  private get systemctl() {
    return this.options.systemctl ?? "systemctl";
  }

  private get log() {
    return this.options.log ?? silentLogger;
  }

  private recordDir(): string | undefined {
    return this.options.stateDir ? path.join(this.options.stateDir, "workloads") : undefined;
  }

  async start(request: TStartRequest): Promise<void> {
    const w = request.workload;
    const env = workloadEnv(request);
    if (w.unit) {
      // Parameters reach the unit through the manager's environment; what this start does not set is unset,
      // so a GPU put back to work is not still hidden by an older CUDA_VISIBLE_DEVICES.
      const unset = MANAGED_ENV.filter((k) => !(k in env));
      if (unset.length) await run(this.systemctl, ["unset-environment", ...unset], { timeout: 15_000 });
      if (Object.keys(env).length) await run(this.systemctl, ["set-environment", ...Object.entries(env).map(([k, v]) => `${k}=${v}`)], { timeout: 15_000 });
      await run(this.systemctl, ["start", w.unit], { timeout: 60_000 });
      return;
    }
    if (w.command) {
      const [cmd, ...args] = w.command;
      const child = spawn(cmd!, args, { env: { ...this.options.baseEnv, ...env }, stdio: "ignore", detached: true });
      await new Promise<void>((resolve, reject) => {
        child.once("error", reject);
        child.once("spawn", () => resolve());
      });
      this.children.set(w.key, child);
      child.once("exit", () => {
        if (this.children.get(w.key) === child) this.children.delete(w.key);
      });
      if (child.pid) this.record({ key: w.key, pid: child.pid, startTime: procStat(child.pid)?.startTime, bootId: bootId(), startedAt: new Date().toISOString() });
    }
  }

  async stop(w: TWorkloadConfig): Promise<void> {
    if (w.unit) {
      await run(this.systemctl, ["stop", w.unit], { timeout: 120_000 });
      return;
    }
    const child = this.children.get(w.key);
    if (!child?.pid) return;
    // The command may have children of its own: its whole process group goes, SIGKILL after the grace.
    const stopped = await stopGroup(child.pid, this.options.stopTimeoutMs ?? 30_000);
    if (!stopped) throw new Error(`"${w.key}" (process group ${child.pid}) survived SIGKILL`);
    this.children.delete(w.key);
    this.forget(w.key);
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

  /** Stops what a previous agent left running: recorded command process groups, then active workload units. */
  async recover(): Promise<void> {
    const dir = this.recordDir();
    let names: string[] = [];
    try {
      names = dir ? readdirSync(dir).filter((n) => n.endsWith(".json")) : [];
    } catch {
      // no records: nothing was running
    }
    for (const name of names) {
      const file = path.join(dir!, name);
      const rec = readJsonFile(file, ZPidRecord);
      if (rec && this.isOurs(rec)) {
        this.log.log("warn", "stopping a workload left running by a previous agent", { workload: rec.key, pid: rec.pid, since: rec.startedAt });
        if (!(await stopGroup(rec.pid, this.options.stopTimeoutMs ?? 30_000))) throw new Error(`leftover "${rec.key}" (process group ${rec.pid}) survived SIGKILL`);
      }
      unlink(file);
    }
    for (const w of this.options.workloads ?? []) {
      if (w.unit && (await this.isRunning(w))) {
        this.log.log("warn", "stopping a workload unit left active by a previous agent", { workload: w.key, unit: w.unit });
        await this.stop(w);
      }
    }
  }

  /** A record is ours if it is from this boot and its pid still names the process we started (or is gone, its group living on). */
  private isOurs(rec: TPidRecord): boolean {
    const now = bootId();
    if (!now || !rec.bootId || rec.bootId !== now) return false;
    const leader = procStat(rec.pid);
    // While any member of the group lives, the kernel does not hand its id to another process.
    return !leader || leader.startTime === rec.startTime;
  }

  private record(rec: TPidRecord) {
    const dir = this.recordDir();
    if (!dir) return;
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    writeJsonFile(path.join(dir, `${rec.key}.json`), rec);
  }

  private forget(key: string) {
    const dir = this.recordDir();
    if (dir) unlink(path.join(dir, `${key}.json`));
  }
}

function unlink(file: string) {
  try {
    unlinkSync(file);
  } catch {
    // already gone
  }
}
