/**
 * Real agents (apps/agent, simulated hardware, 1 s sampling and reporting) for the fault tests,
 * with what they went through counted: every answer other than an acknowledgement, by HTTP
 * status ("no answer" when the connection failed), as the agent logged it.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Agent, createBackend, type Logger, parseConfig, SimulatedDriver } from "@rigshift/agent";
import { createEnrollmentToken, type Database } from "@rigshift/db";
import type { SimulatedHardware } from "@rigshift/hardware";
import { sleep } from "../../lib/services";

export interface TFleetRig {
  agent: Agent;
  stateDir: string;
  /** Failed deliveries by HTTP status, or "no answer". */
  failures: Map<string, number>;
}

export interface TFleet {
  rigs: TFleetRig[];
  rigIds(): number[];
  /** Failures of all rigs, by status. */
  failures(): Record<string, number>;
  /** Waits until every rig has had `batches` more batches acknowledged than when called. */
  acked(batches: number, timeoutMs?: number): Promise<void>;
  /**
   * Stops the agents, then starts and stops them until their journals hold no samples:
   * everything they sampled has been delivered (or refused) when this returns.
   */
  drain(): Promise<void>;
}

export const GPUS_PER_RIG = 2;

export async function startFleet({
  db,
  siteId,
  name,
  urls,
  size,
  clockSkewMs = () => 0,
}: {
  db: Database;
  siteId: number;
  name: string;
  /** Rig i reports to urls[i % urls.length]. */
  urls: string[];
  size: number;
  /** Rig i's clock runs this far (ms) from the real one. */
  clockSkewMs?: (i: number) => number;
}): Promise<TFleet> {
  const rigs: TFleetRig[] = [];
  for (let i = 0; i < size; i++) {
    const { token } = await createEnrollmentToken({ db: db.prisma, siteId, label: `${name}-${i}`, createdBy: "faults.test", now: new Date() });
    const stateDir = mkdtempSync(path.join(tmpdir(), `rigshift-faults-${name}-`));
    const config = parseConfig({
      controlPlaneUrl: urls[i % urls.length],
      enrollmentToken: token,
      hostname: `${name}-${i}`,
      stateDir,
      sampleIntervalSeconds: 1,
      reportIntervalSeconds: 1,
      requestTimeoutMs: 5_000,
      hardware: { backend: "simulated", kind: "GPU_RIG", model: "RTX 3090", deviceCount: GPUS_PER_RIG, devicePowerW: 350, vramMb: 24576, miningHashrateHs: 6e7, seed: i + 1 },
      workloads: [
        { key: "rvn-kawpow", mode: "MINE" },
        { key: "pytorch", mode: "AI" },
      ],
    });
    const failures = new Map<string, number>();
    const backend = createBackend(config) as SimulatedHardware;
    const skew = clockSkewMs(i);
    const agent = new Agent({ config, backend, driver: new SimulatedDriver(backend, 10), log: failureCounter(failures), now: () => Date.now() + skew });
    rigs.push({ agent, stateDir, failures });
  }
  await Promise.all(rigs.map((r) => r.agent.start()));
  // Samples, not batches: a rig whose batches are refused always has one batch of events left (the refusal).
  const journaled = () => rigs.reduce((n, r) => n + journaledSamples(r.stateDir), 0);
  return {
    rigs,
    rigIds: () => rigs.map((r) => r.agent.rigId!),
    failures() {
      const all: Record<string, number> = {};
      for (const r of rigs) for (const [k, n] of r.failures) all[k] = (all[k] ?? 0) + n;
      return all;
    },
    async acked(batches, timeoutMs = 20_000) {
      const from = rigs.map((r) => r.agent.stats.batchesAcked);
      const deadline = Date.now() + timeoutMs;
      while (rigs.some((r, i) => r.agent.stats.batchesAcked < from[i]! + batches)) {
        if (Date.now() > deadline) throw new Error(`agents not acknowledged within ${timeoutMs} ms: ${JSON.stringify(rigs.map((r) => r.agent.stats))}`);
        await sleep(100);
      }
    },
    async drain() {
      await Promise.all(rigs.map((r) => r.agent.stop()));
      for (let round = 0; round === 0 || (journaled() > 0 && round < 10); round++) {
        await Promise.all(rigs.map((r) => r.agent.start().then(() => r.agent.stop())));
        if (journaled() > 0) await sleep(500);
      }
      if (journaled() > 0) throw new Error(`${journaled()} samples still journaled after draining`);
    },
  };
}

/** A logger that counts the agent's failed deliveries by the status the control plane answered. */
function failureCounter(failures: Map<string, number>): Logger {
  const logger: Logger = {
    log(_level, msg, fields) {
      if (msg !== "delivery failed; keeping the batch" && msg !== "telemetry batch refused; dropped") return;
      const status = /answered (\d{3})/.exec(String(fields?.error ?? ""))?.[1] ?? "no answer";
      failures.set(status, (failures.get(status) ?? 0) + 1);
    },
    child: () => logger,
  };
  return logger;
}

/** Samples in a rig's journal: taken, not yet acknowledged. */
export function journaledSamples(stateDir: string): number {
  const dir = path.join(stateDir, "journal");
  if (!existsSync(dir)) return 0;
  return readdirSync(dir)
    .filter((n) => n.endsWith(".json"))
    .reduce((sum, n) => sum + (JSON.parse(readFileSync(path.join(dir, n), "utf8")) as { samples: unknown[] }).samples.length, 0);
}
