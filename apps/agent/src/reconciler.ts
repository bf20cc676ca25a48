/**
 * Converges the rig to its desired state, level-triggered by generation: drain and stop the
 * current workload, start the next, verify it runs, report each transition with its timing.
 * Only workloads declared in the rig's config can run, with parameters inside their bounds;
 * anything else is refused and reported. A failed start is retried with backoff, and the rig
 * never runs two workloads at once: the old one is confirmed stopped before the next starts.
 */
import type { TDesiredState, TReportedState, TWorkMode } from "@rigshift/protocol";
import type { TAgentConfig, TWorkloadConfig } from "./config";
import type { Logger } from "./log";
import { usableDevices, type WorkloadDriver } from "./workloads/driver";

export type TEmit = (type: string, severity: "INFO" | "WARNING" | "CRITICAL", message: string, data?: Record<string, string | number | boolean | null>) => void;

type TTarget = {
  generation: number | null;
  workload: TWorkloadConfig | null;
  params: Record<string, number>;
  jobs: TDesiredState["jobs"];
  mode: TWorkMode;
  /** Devices the workload runs without (thermal guard); only those it would otherwise use. */
  excluded: number[];
};

const MAX_BACKOFF_MS = 5 * 60_000;

export class Reconciler {
  private current: TTarget | null = null;
  private phase: TReportedState["phase"] = "steady";
  private refusedGeneration: number | null = null;
  private failures = 0;
  private nextAttemptAt = 0;
  private busy = false;
  private deviceIndices: number[] = [];
  private excludedDevices: number[] = [];

  constructor(
    private readonly config: TAgentConfig,
    private readonly driver: WorkloadDriver,
    private readonly emit: TEmit,
    private readonly log: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  state(): TReportedState {
    return {
      appliedGeneration: this.current?.generation ?? null,
      mode: this.current?.mode ?? "IDLE",
      workload: this.current?.workload?.key ?? null,
      phase: this.phase,
    };
  }

  /** Checks a desired state against the local config; returns the target or why it is refused. */
  resolve(desired: TDesiredState): TTarget | { refused: string } {
    if (desired.mode === "IDLE" && desired.workload === null) return { generation: desired.generation, workload: null, params: {}, jobs: [], mode: "IDLE", excluded: [] };
    const workload = this.config.workloads.find((w) => w.key === desired.workload);
    if (!workload) return { refused: `workload "${desired.workload}" is not allowed by this rig's config` };
    if (workload.mode !== desired.mode) return { refused: `workload "${workload.key}" is a ${workload.mode} workload, not ${desired.mode}` };
    const params: Record<string, number> = {};
    for (const [name, value] of Object.entries(desired.params)) {
      const bounds = workload.params[name];
      if (!bounds) return { refused: `parameter "${name}" is not declared for workload "${workload.key}"` };
      if (!(value >= bounds.min && value <= bounds.max)) return { refused: `parameter ${name}=${value} is outside [${bounds.min}, ${bounds.max}] for "${workload.key}"` };
      params[name] = value;
    }
    for (const [name, bounds] of Object.entries(workload.params)) params[name] ??= bounds.default;
    return { generation: desired.generation, workload, params, jobs: desired.jobs, mode: desired.mode, excluded: [] };
  }

  /**
   * The rig's devices and those the thermal guard took out of work. Takes effect on the next
   * reconcile: the workload is restarted without them (or stopped, when it has no GPU left).
   */
  setDevices(deviceIndices: number[], excludedDevices: number[]): void {
    this.deviceIndices = [...deviceIndices].sort((a, b) => a - b);
    this.excludedDevices = [...excludedDevices].sort((a, b) => a - b);
  }

  /** The target as it can run now: without excluded devices, or idle when none of its GPUs is left. */
  private constrain(target: TTarget): TTarget {
    if (!this.driver.excludesDevices || !target.workload || target.mode === "IDLE" || !this.excludedDevices.length) return target;
    const request = { jobs: target.jobs, deviceIndices: this.deviceIndices };
    const wanted = usableDevices(request);
    const excluded = wanted.filter((i) => this.excludedDevices.includes(i));
    if (!excluded.length) return target;
    if (excluded.length === wanted.length) return { ...target, workload: null, params: {}, jobs: [], mode: "IDLE", excluded };
    return { ...target, excluded };
  }

  /** One reconciliation step; safe to call on every report cycle. */
  async reconcile(desired: TDesiredState | null, options: { fallback?: boolean } = {}): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      const resolved = desired ? this.resolve(desired) : this.fallbackTarget();
      if ("refused" in resolved) {
        if (this.refusedGeneration !== desired?.generation) {
          this.refusedGeneration = desired?.generation ?? null;
          this.emit("workload.refused", "CRITICAL", `desired state refused: ${resolved.refused}`, { generation: desired?.generation ?? null });
          this.log.log("warn", "desired state refused", { reason: resolved.refused, generation: desired?.generation });
        }
        return;
      }
      if (options.fallback) resolved.generation = this.current?.generation ?? null;
      const target = this.constrain(resolved);
      const same =
        this.current &&
        this.current.workload?.key === target.workload?.key &&
        sameJobs(this.current, target) &&
        sameParams(this.current, target) &&
        this.current.excluded.join() === target.excluded.join();
      if (same) {
        this.current = { ...this.current!, generation: target.generation };
        await this.keepRunning();
        if (!options.fallback && this.phase === "fallback") this.phase = "steady";
        if (options.fallback) this.phase = "fallback";
        return;
      }
      if (this.now() < this.nextAttemptAt) return;
      await this.switchTo(target, options.fallback ? "fallback" : "steady");
    } finally {
      this.busy = false;
    }
  }

  private fallbackTarget(): TTarget {
    const w = this.config.workloads.find((x) => x.key === this.config.fallback.workload) ?? null;
    return {
      generation: null,
      workload: w,
      params: w ? Object.fromEntries(Object.entries(w.params).map(([k, b]) => [k, b.default])) : {},
      jobs: [],
      mode: w?.mode ?? "IDLE",
      excluded: [],
    };
  }

  private async switchTo(target: TTarget, endPhase: TReportedState["phase"]) {
    const started = this.now();
    const from = this.current?.workload?.key ?? "idle";
    const to = target.workload?.key ?? "idle";
    this.phase = "switching";
    try {
      if (this.current?.workload) {
        await this.driver.stop(this.current.workload);
        if (await this.driver.isRunning(this.current.workload)) throw new Error(`"${this.current.workload.key}" is still running after stop`);
      }
      // From here nothing runs: record it, so a failure below leaves an honest "idle".
      this.current = { generation: this.current?.generation ?? null, workload: null, params: {}, jobs: [], mode: "IDLE", excluded: [] };
      if (target.workload && target.workload.mode !== "IDLE") {
        await this.driver.start({ workload: target.workload, params: target.params, jobs: target.jobs, excludedDevices: target.excluded, deviceIndices: this.deviceIndices });
        if (!(await this.driver.isRunning(target.workload))) throw new Error(`"${target.workload.key}" did not stay up after start`);
      }
      this.current = target;
      this.phase = endPhase;
      this.failures = 0;
      this.nextAttemptAt = 0;
      const without = target.excluded.length ? ` without GPU ${target.excluded.join(", ")} (thermal)` : "";
      this.emit("workload.switched", "INFO", `switched ${from} -> ${to}${without}`, {
        from,
        to,
        generation: target.generation,
        durationMs: this.now() - started,
        excludedDevices: target.excluded.join(",") || null,
      });
    } catch (e) {
      this.failures += 1;
      const backoffMs = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** (this.failures - 1));
      this.nextAttemptAt = this.now() + backoffMs;
      this.phase = "failed";
      this.emit("workload.start_failed", "CRITICAL", `switch ${from} -> ${to} failed: ${(e as Error).message}; retry in ${Math.round(backoffMs / 1000)} s`, {
        from,
        to,
        attempt: this.failures,
        generation: target.generation,
      });
      if (target.workload) await this.driver.stop(target.workload).catch(() => {});
    }
  }

  /** Level-triggered: a workload that died is restarted (with the same backoff). */
  private async keepRunning() {
    const w = this.current?.workload;
    if (!w || w.mode === "IDLE" || this.now() < this.nextAttemptAt) return;
    if (await this.driver.isRunning(w)) return;
    this.emit("workload.died", "WARNING", `"${w.key}" is not running; restarting`, { workload: w.key });
    const target = this.current!;
    this.current = { ...target, workload: null, mode: "IDLE" };
    await this.switchTo(target, "steady");
  }

  async stopAll(): Promise<void> {
    if (this.current?.workload) await this.driver.stop(this.current.workload).catch(() => {});
  }
}

function sameJobs(a: TTarget, b: TTarget) {
  return JSON.stringify(a.jobs) === JSON.stringify(b.jobs);
}

function sameParams(a: TTarget, b: TTarget) {
  return JSON.stringify(a.params) === JSON.stringify(b.params);
}
