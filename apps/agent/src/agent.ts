/**
 * The rig agent: samples hardware, journals telemetry on disk, delivers it in order, and
 * converges the rig to its desired state. Components start/stop; the constructor only sets
 * fields. Losing the control plane loses nothing (the journal keeps it, bounded), and after
 * `fallback.afterSeconds` without contact the rig falls back to its configured safe workload.
 */
import { randomUUID } from "node:crypto";
import { hostname as osHostname } from "node:os";
import path from "node:path";
import type { HardwareBackend } from "@rigshift/hardware";
import { type TAgentEvent, type TDesiredState, type TSample, ZDesiredState } from "@rigshift/protocol";
import { ControlPlaneClient, ControlPlaneError } from "./client";
import type { TAgentConfig } from "./config";
import { loadIdentity, readJsonFile, saveIdentity, writeJsonFile } from "./identity";
import { Journal } from "./journal";
import type { Logger } from "./log";
import { Reconciler, type TEmit } from "./reconciler";
import type { WorkloadDriver } from "./workloads/driver";

export const AGENT_VERSION = "0.1.0";

export interface TAgentDeps {
  config: TAgentConfig;
  backend: HardwareBackend;
  driver: WorkloadDriver;
  log: Logger;
  now?: () => number;
}

export class Agent {
  private readonly client: ControlPlaneClient;
  private readonly journal: Journal;
  private readonly reconciler: Reconciler;
  private readonly now: () => number;
  private samples: TSample[] = [];
  private events: TAgentEvent[] = [];
  private timers: NodeJS.Timeout[] = [];
  private lastContactAt: number;
  private desired: TDesiredState | null = null;
  private delivering = false;
  private stopped = true;
  private openProblems = new Set<string>();
  private reportedDrops = 0;
  /** Counters for tests and the footprint benchmark. */
  readonly stats = { samplesTaken: 0, batchesAcked: 0, samplesAcked: 0, deliveryFailures: 0 };
  rigId: number | null = null;

  constructor(private readonly deps: TAgentDeps) {
    this.now = deps.now ?? Date.now;
    this.client = new ControlPlaneClient(deps.config.controlPlaneUrl, deps.config.requestTimeoutMs);
    this.journal = new Journal(path.join(deps.config.stateDir, "journal"), deps.config.buffer.maxBytes);
    this.reconciler = new Reconciler(deps.config, deps.driver, this.emit, deps.log, this.now);
    this.lastContactAt = this.now();
  }

  emit: TEmit = (type, severity, message, data) => {
    this.events.push({ id: randomUUID(), at: new Date(this.now()).toISOString(), type, severity, message, data });
  };

  async start(): Promise<void> {
    this.stopped = false;
    this.journal.open();
    this.desired = readJsonFile(path.join(this.deps.config.stateDir, "desired.json"), ZDesiredState);
    await this.ensureEnrolled();
    if (this.stopped) return;
    const { sampleIntervalSeconds, reportIntervalSeconds } = this.deps.config;
    this.timers.push(setInterval(() => void this.sample(), sampleIntervalSeconds * 1000));
    this.timers.push(setInterval(() => void this.report(), reportIntervalSeconds * 1000));
    await this.sample();
    await this.report();
  }

  /** Stops timers and journals what was sampled (delivered after restart). Workloads keep running: an agent restart must not stop the rig's work. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
    this.flushToJournal();
  }

  private async ensureEnrolled() {
    const { config, backend, log } = this.deps;
    const existing = loadIdentity(config.stateDir);
    if (existing) {
      this.client.setToken(existing.rigToken);
      this.rigId = existing.rigId;
      return;
    }
    if (!config.enrollmentToken) throw new Error("this rig is not enrolled and the config has no enrollmentToken");
    const inventory = await backend.inventory();
    for (let attempt = 1; !this.stopped; attempt++) {
      try {
        const result = await this.client.enroll({
          enrollmentToken: config.enrollmentToken,
          hostname: config.hostname ?? osHostname(),
          kind: inventory.kind,
          model: inventory.model,
          agentVersion: AGENT_VERSION,
          devices: inventory.devices,
          workloads: config.workloads.map((w) => ({ key: w.key, mode: w.mode, description: w.description, params: w.params })),
        });
        saveIdentity(config.stateDir, { rigId: result.rigId, rigToken: result.rigToken, siteCode: result.siteCode, controlPlaneUrl: config.controlPlaneUrl });
        this.client.setToken(result.rigToken);
        this.rigId = result.rigId;
        log.log("info", "enrolled", { rigId: result.rigId, site: result.siteCode });
        return;
      } catch (e) {
        if (e instanceof ControlPlaneError && !e.retryable) throw new Error(`enrollment refused: ${e.message}`);
        const waitMs = Math.min(60_000, 1000 * 2 ** Math.min(attempt, 6));
        log.log("warn", "enrollment failed; retrying", { error: (e as Error).message, waitMs });
        await new Promise((r) => setTimeout(r, waitMs));
      }
    }
  }

  /** Reads hardware (never throws) and keeps the sample until the next report. */
  async sample(): Promise<void> {
    const snapshot = await this.deps.backend.read();
    const state = this.reconciler.state();
    this.samples.push({ at: new Date(this.now()).toISOString(), rig: snapshot.rig, devices: snapshot.devices, mode: state.mode, workload: state.workload ?? undefined });
    this.stats.samplesTaken += 1;
    const seen = new Set<string>();
    for (const p of snapshot.problems) {
      const key = `${p.source}:${p.kind}`;
      seen.add(key);
      if (!this.openProblems.has(key)) this.emit(`probe.${p.kind}`, p.kind === "timeout" ? "CRITICAL" : "WARNING", `${p.source}: ${p.message}`, { source: p.source });
    }
    for (const key of this.openProblems) if (!seen.has(key)) this.emit("probe.recovered", "INFO", `${key.split(":")[0]} is answering again`, { source: key.split(":")[0] ?? null });
    this.openProblems = seen;
  }

  private flushToJournal() {
    if (this.journal.droppedSamples > this.reportedDrops) {
      const lost = this.journal.droppedSamples - this.reportedDrops;
      this.reportedDrops = this.journal.droppedSamples;
      this.emit("buffer.dropped", "WARNING", `telemetry buffer full: dropped the ${lost} oldest samples`, { samples: lost, maxBytes: this.deps.config.buffer.maxBytes });
    }
    if (!this.samples.length && !this.events.length) return;
    this.journal.append(this.samples, this.events);
    this.samples = [];
    this.events = [];
  }

  /** Journals the new samples, then delivers the backlog oldest first until it is empty or the server is away. */
  async report(): Promise<void> {
    if (this.stopped) return;
    this.flushToJournal();
    await this.deliver();
    if (this.now() - this.lastContactAt > this.deps.config.fallback.afterSeconds * 1000) {
      await this.reconciler.reconcile(null, { fallback: true });
    } else if (this.desired) {
      await this.reconciler.reconcile(this.desired);
    }
  }

  private async deliver() {
    if (this.delivering) return;
    this.delivering = true;
    try {
      for (let batch = this.journal.peek(); batch && !this.stopped; batch = this.journal.peek()) {
        try {
          const ack = await this.client.postTelemetry({
            batchId: batch.batchId,
            sentAt: new Date(this.now()).toISOString(),
            agentVersion: AGENT_VERSION,
            samples: batch.samples,
            events: batch.events,
            state: this.reconciler.state(),
          });
          this.journal.acknowledge(batch.batchId);
          this.lastContactAt = this.now();
          this.stats.batchesAcked += 1;
          this.stats.samplesAcked += ack.duplicate ? 0 : ack.accepted;
          if (ack.desired && ack.desired.generation !== this.desired?.generation) {
            this.desired = ack.desired;
            writeJsonFile(path.join(this.deps.config.stateDir, "desired.json"), ack.desired);
          }
        } catch (e) {
          this.stats.deliveryFailures += 1;
          if (e instanceof ControlPlaneError && !e.retryable && e.status !== 401 && e.status !== 403) {
            // The server refuses this batch for good (it says why): drop it rather than block the queue.
            this.deps.log.log("error", "telemetry batch refused; dropped", { batchId: batch.batchId, error: e.message });
            this.journal.acknowledge(batch.batchId);
            this.emit("telemetry.refused", "CRITICAL", `a telemetry batch was refused: ${e.message}`, { batchId: batch.batchId, samples: batch.samples.length });
            continue;
          }
          this.deps.log.log("warn", "delivery failed; keeping the batch", { error: (e as Error).message, pending: this.journal.pendingBatches });
          return;
        }
      }
    } finally {
      this.delivering = false;
    }
  }

  get pendingBatches() {
    return this.journal.pendingBatches;
  }

  reportedState() {
    return this.reconciler.state();
  }
}
