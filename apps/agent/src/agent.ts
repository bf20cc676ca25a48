/**
 * The rig agent: samples hardware, journals telemetry on disk, delivers it in order, and
 * converges the rig to its desired state. Components start/stop; the constructor only sets
 * fields. Losing the control plane loses nothing (the journal keeps it, bounded), and after
 * `fallback.afterSeconds` without contact the rig falls back to its configured safe workload.
 * The last desired state and the time of the last contact survive an agent restart (files in
 * stateDir), so a crash-looping agent neither forgets its work nor postpones the fallback.
 * Every sample also goes through the thermal guard, which takes hot devices out of work.
 */
import { randomUUID } from "node:crypto";
import { hostname as osHostname } from "node:os";
import path from "node:path";
import type { HardwareBackend } from "@rigshift/hardware";
import { type TAgentEvent, type TDesiredState, type TSample, ZDesiredState } from "@rigshift/protocol";
import * as z from "zod";
import { ControlPlaneClient, ControlPlaneError } from "./client";
import type { TAgentConfig } from "./config";
import { loadIdentity, loadOrCreateProposedToken, readJsonFile, saveIdentity, writeJsonFile } from "./identity";
import { Journal } from "./journal";
import type { Logger } from "./log";
import type { TMetricsView } from "./metrics";
import { Reconciler, type TEmit } from "./reconciler";
import { ThermalGuard } from "./thermal-guard";
import type { WorkloadDriver } from "./workloads/driver";
import { bootId } from "./workloads/process-group";

export const AGENT_VERSION = "0.1.0";

/** The last successful contact with the control plane, unix ms, and the boot it happened in. */
const ZContact = z.object({ at: z.number(), bootId: z.string().nullable() });
/** How often the time of last contact is written to disk at most, ms (it only steers a fallback counted in minutes). */
const CONTACT_SAVE_EVERY_MS = 60_000;
/** Longest workload switch the report loop may legitimately wait on: a unit stop (120 s) and start (60 s). */
const UNIT_SWITCH_MS = 180_000;
/** Longest back-off between enrollment attempts. */
const MAX_ENROLL_WAIT_MS = 60_000;

export interface TAgentDeps {
  config: TAgentConfig;
  backend: HardwareBackend;
  driver: WorkloadDriver;
  log: Logger;
  now?: () => number;
  /** One line on what the agent is waiting for (systemd's STATUS=, shown by `systemctl status`). */
  status?: (text: string) => void;
}

export class Agent {
  private readonly client: ControlPlaneClient;
  private readonly journal: Journal;
  private readonly reconciler: Reconciler;
  private readonly thermal: ThermalGuard;
  private readonly now: () => number;
  private samples: TSample[] = [];
  private events: TAgentEvent[] = [];
  private timers: NodeJS.Timeout[] = [];
  private lastContactAt: number;
  private desired: TDesiredState | null = null;
  private contactSavedAt = 0;
  /** The delivery loop while it runs. */
  private delivery: Promise<void> | null = null;
  private reporting = false;
  private enrolling = false;
  private workloadsReported = false;
  private progressAt: number;
  private stopped = true;
  private openProblems = new Set<string>();
  private reportedDrops = 0;
  /** The latest hardware reading, for the metrics endpoint. */
  private latest: { at: number; devices: TSample["devices"] } | null = null;
  /** The last acknowledged delivery, unix ms. */
  private lastDeliveryAt: number | null = null;
  /** Counters for tests and the footprint benchmark. */
  readonly stats = { samplesTaken: 0, batchesAcked: 0, samplesAcked: 0, duplicateAcks: 0, deliveryFailures: 0 };
  rigId: number | null = null;

  constructor(private readonly deps: TAgentDeps) {
    this.now = deps.now ?? Date.now;
    this.client = new ControlPlaneClient(deps.config.controlPlaneUrl, deps.config.requestTimeoutMs);
    this.journal = new Journal(path.join(deps.config.stateDir, "journal"), deps.config.buffer.maxBytes);
    this.reconciler = new Reconciler(deps.config, deps.driver, this.emit, deps.log, this.now);
    this.thermal = new ThermalGuard({
      limits: deps.config.thermal,
      canExclude: deps.driver.excludesDevices === true,
      stateFile: path.join(deps.config.stateDir, "thermal.json"),
      emit: this.emit,
      log: deps.log,
    });
    this.lastContactAt = this.now();
    this.progressAt = this.now();
  }

  emit: TEmit = (type, severity, message, data) => {
    this.events.push({ id: randomUUID(), at: new Date(this.now()).toISOString(), type, severity, message, data });
  };

  /**
   * `onReady` runs once the journal is open, the thermal guard runs and what a previous agent
   * started is recovered: before enrollment, which can wait as long as the control plane is away
   * (systemd's READY=1 goes there, so a rig's boot never waits on the network).
   */
  async start({ onReady }: { onReady?: () => void } = {}): Promise<void> {
    this.stopped = false;
    this.journal.open();
    this.thermal.start();
    const { stateDir } = this.deps.config;
    this.desired = readJsonFile(path.join(stateDir, "desired.json"), ZDesiredState);
    // The fallback clock runs on across agent restarts within one boot; after a reboot it starts again.
    const contact = readJsonFile(path.join(stateDir, "contact.json"), ZContact);
    if (contact && contact.bootId !== null && contact.bootId === bootId()) this.lastContactAt = Math.min(this.now(), contact.at);
    this.progressAt = this.now();
    // Before anything else runs (enrollment may wait long): nothing a previous agent started keeps running unwatched.
    await this.deps.driver.recover?.();
    onReady?.();
    await this.ensureEnrolled();
    if (this.stopped) return;
    const { sampleIntervalSeconds, reportIntervalSeconds } = this.deps.config;
    // A failure in one cycle (a full disk under the journal, say) is logged and retried next cycle, never a crash.
    const guard = (what: string, cycle: () => Promise<void>) => () =>
      void cycle().catch((e) => this.deps.log.log("error", `${what} cycle failed`, { error: (e as Error).message }));
    this.timers.push(
      setInterval(
        guard("sample", () => this.sample()),
        sampleIntervalSeconds * 1000,
      ),
    );
    this.timers.push(
      setInterval(
        guard("report", () => this.report()),
        reportIntervalSeconds * 1000,
      ),
    );
    await this.sample();
    await this.report();
  }

  /**
   * Stops timers and journals what was sampled (delivered after restart). A request in flight is
   * let finish (it has its own timeout): a batch the server stored is then not sent twice.
   * Workloads are not stopped here: see the unit's KillMode for what happens to them.
   */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
    this.flushToJournal();
    await this.delivery;
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
    // The rig token is chosen here and kept on disk before the first attempt: a retry after a
    // lost answer presents the same one, and the server answers the same enrollment again.
    const proposedRigToken = loadOrCreateProposedToken(config.stateDir);
    this.enrolling = true;
    for (let attempt = 1; !this.stopped; attempt++) {
      this.progressAt = this.now();
      try {
        const result = await this.client.enroll({
          enrollmentToken: config.enrollmentToken,
          hostname: config.hostname ?? osHostname(),
          kind: inventory.kind,
          model: inventory.model,
          agentVersion: AGENT_VERSION,
          devices: inventory.devices,
          workloads: this.workloadOffers(),
          proposedRigToken,
        });
        saveIdentity(config.stateDir, { rigId: result.rigId, rigToken: result.rigToken, siteCode: result.siteCode, controlPlaneUrl: config.controlPlaneUrl });
        this.client.setToken(result.rigToken);
        this.rigId = result.rigId;
        log.log("info", "enrolled", { rigId: result.rigId, site: result.siteCode });
        this.enrolling = false;
        this.deps.status?.("enrolled");
        return;
      } catch (e) {
        if (e instanceof ControlPlaneError && !e.retryable) throw new Error(`enrollment refused: ${e.message}`);
        const waitMs = Math.min(MAX_ENROLL_WAIT_MS, 1000 * 2 ** Math.min(attempt, 6));
        log.log("warn", "enrollment failed; retrying", { error: (e as Error).message, waitMs });
        this.deps.status?.(`waiting to enroll with ${config.controlPlaneUrl}: ${(e as Error).message}`);
        this.progressAt = this.now();
        await new Promise((r) => setTimeout(r, waitMs));
      }
    }
  }

  /** Reads hardware (never throws), keeps the sample until the next report, and acts on thermal trips at once. */
  async sample(): Promise<void> {
    const snapshot = await this.deps.backend.read();
    const state = this.reconciler.state();
    const at = this.now();
    this.latest = { at, devices: snapshot.devices };
    this.samples.push({ at: new Date(at).toISOString(), rig: snapshot.rig, devices: snapshot.devices, mode: state.mode, workload: state.workload ?? undefined });
    this.stats.samplesTaken += 1;
    const thermalChanged = this.thermal.observe(snapshot.devices);
    // A snapshot without devices (a probe that failed) says nothing about which devices the rig has.
    if (snapshot.devices.length || thermalChanged) {
      this.reconciler.setDevices(
        snapshot.devices.map((d) => d.index),
        this.thermal.excluded(),
      );
    }
    const seen = new Set<string>();
    for (const p of snapshot.problems) {
      const key = `${p.source}:${p.kind}`;
      seen.add(key);
      if (!this.openProblems.has(key)) this.emit(`probe.${p.kind}`, p.kind === "timeout" ? "CRITICAL" : "WARNING", `${p.source}: ${p.message}`, { source: p.source });
    }
    for (const key of this.openProblems) if (!seen.has(key)) this.emit("probe.recovered", "INFO", `${key.split(":")[0]} is answering again`, { source: key.split(":")[0] ?? null });
    this.openProblems = seen;
    if (thermalChanged && !this.stopped) await this.converge();
  }

  private flushToJournal() {
    if (this.journal.droppedSamples > this.reportedDrops) {
      const lost = this.journal.droppedSamples - this.reportedDrops;
      this.reportedDrops = this.journal.droppedSamples;
      // The running total rides along: if this event is itself dropped later, the next one still tells the whole loss.
      this.emit("buffer.dropped", "WARNING", `telemetry buffer full: dropped the ${lost} oldest samples`, {
        samples: lost,
        totalSamples: this.journal.droppedSamples,
        totalBatches: this.journal.droppedBatches,
        maxBytes: this.deps.config.buffer.maxBytes,
      });
    }
    if (!this.samples.length && !this.events.length) return;
    this.journal.append(this.samples, this.events);
    this.samples = [];
    this.events = [];
  }

  /**
   * Journals the new samples, then delivers the backlog oldest first until it is empty or the
   * server is away, then converges. One cycle at a time: a cycle stuck past every timeout blocks
   * the next ones, and reportLoopAlive() turns false so that systemd's watchdog restarts us.
   */
  async report(): Promise<void> {
    if (this.stopped) return;
    this.flushToJournal();
    if (this.reporting) return;
    this.reporting = true;
    try {
      await this.deliver();
      await this.converge();
      this.progressAt = this.now();
    } finally {
      this.reporting = false;
    }
  }

  /** Desired state, or the fallback once the control plane has been away for `fallback.afterSeconds`. */
  private async converge() {
    if (this.now() - this.lastContactAt > this.deps.config.fallback.afterSeconds * 1000) {
      await this.reconciler.reconcile(null, { fallback: true });
    } else if (this.desired) {
      await this.reconciler.reconcile(this.desired);
    }
  }

  /**
   * Whether the report loop is making progress. It may wait on one request per batch and on one
   * workload switch (each bounded by its own timeout); longer than that without progress means
   * something hangs that no timeout covers.
   */
  reportLoopAlive(): boolean {
    const c = this.deps.config;
    // Enrolling: one request and one back-off wait at a time, each bounded.
    if (this.enrolling) return this.now() - this.progressAt <= MAX_ENROLL_WAIT_MS + c.requestTimeoutMs + 30_000;
    const switchMs = Math.max(UNIT_SWITCH_MS, (c.workloadStopTimeoutSeconds + 10) * 1000);
    const stallAfterMs = 2 * c.reportIntervalSeconds * 1000 + c.requestTimeoutMs + switchMs;
    return this.now() - this.progressAt <= stallAfterMs;
  }

  private noteContact() {
    this.lastContactAt = this.now();
    if (this.lastContactAt - this.contactSavedAt < CONTACT_SAVE_EVERY_MS) return;
    this.contactSavedAt = this.lastContactAt;
    try {
      writeJsonFile(path.join(this.deps.config.stateDir, "contact.json"), { at: this.lastContactAt, bootId: bootId() ?? null });
    } catch (e) {
      this.deps.log.log("warn", "could not save the time of last contact", { error: (e as Error).message });
    }
  }

  private async deliver() {
    if (this.delivery) return;
    this.delivery = this.deliverBacklog();
    try {
      await this.delivery;
    } finally {
      this.delivery = null;
    }
  }

  private async deliverBacklog() {
    for (let batch = this.journal.peek(); batch && !this.stopped; batch = this.journal.peek()) {
      this.journal.delivering(batch.batchId);
      try {
        const ack = await this.client.postTelemetry({
          batchId: batch.batchId,
          sentAt: new Date(this.now()).toISOString(),
          agentVersion: AGENT_VERSION,
          samples: batch.samples,
          events: batch.events,
          state: this.reconciler.state(),
          // Once per start: the control plane learns what an edited agent.yaml allows now.
          ...(this.workloadsReported ? {} : { workloads: this.workloadOffers() }),
        });
        this.workloadsReported = true;
        this.journal.acknowledge(batch.batchId);
        this.lastDeliveryAt = this.now();
        this.noteContact();
        this.progressAt = this.now();
        this.stats.batchesAcked += 1;
        this.stats.samplesAcked += ack.duplicate ? 0 : ack.accepted;
        if (ack.duplicate) this.stats.duplicateAcks += 1;
        if (ack.desired && ack.desired.generation !== this.desired?.generation) {
          this.desired = ack.desired;
          writeJsonFile(path.join(this.deps.config.stateDir, "desired.json"), ack.desired);
        }
      } catch (e) {
        this.stats.deliveryFailures += 1;
        this.progressAt = this.now();
        if (e instanceof ControlPlaneError && !e.retryable && e.status !== 401 && e.status !== 403) {
          // The server refuses this batch for good (it says why): drop it rather than block the queue.
          this.deps.log.log("error", "telemetry batch refused; dropped", { batchId: batch.batchId, error: e.message });
          this.journal.acknowledge(batch.batchId);
          this.emit("telemetry.refused", "CRITICAL", `a telemetry batch was refused: ${e.message}`, { batchId: batch.batchId, samples: batch.samples.length });
          continue;
        }
        this.deps.log.log("warn", "delivery failed; keeping the batch", { error: (e as Error).message, pending: this.journal.pendingBatches });
        return;
      } finally {
        this.journal.settled();
      }
    }
  }

  /** The workloads this rig's config allows, as the control plane sees them. */
  private workloadOffers() {
    return this.deps.config.workloads.map((w) => ({ key: w.key, mode: w.mode, description: w.description, params: w.params }));
  }

  get pendingBatches() {
    return this.journal.pendingBatches;
  }

  /** Samples the bounded journal dropped since start (oldest first), as reported in "buffer.dropped" events. */
  get droppedSamples() {
    return this.journal.droppedSamples;
  }

  reportedState() {
    return this.reconciler.state();
  }

  /** What the metrics endpoint shows: the latest reading and the agent's own counters. */
  metricsView(): TMetricsView {
    return {
      agentVersion: AGENT_VERSION,
      sample: this.latest,
      journalBatches: this.journal.pendingBatches,
      journalBytes: this.journal.pendingBytes,
      droppedSamples: this.journal.droppedSamples,
      lastDeliveryAt: this.lastDeliveryAt,
      deliveriesFailed: this.stats.deliveryFailures,
      thermalTrips: this.thermal.trips,
      thermalExcluded: this.thermal.excluded().length,
    };
  }
}
