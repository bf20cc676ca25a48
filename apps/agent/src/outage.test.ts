/**
 * The control plane goes away for several seconds, in each way a rig's network fails: refused
 * connections, connections dropped as the request arrives, and answers lost after the server
 * stored the batch. Two real agents (simulated hardware, 1 s intervals) ride it out through a
 * loopback proxy we cut. Under `npm test` (WEB_URL and DATABASE_URL set) the proxy fronts the
 * real web app and the samples are counted in Postgres; otherwise it fronts an in-memory server
 * with the same dedupe rules. Every sample taken is stored exactly once, in order, or (for the
 * agent whose buffer is smaller than the outage) dropped oldest-first, counted and reported.
 */
import { mkdtempSync, readdirSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { SimulatedHardware } from "@rigshift/hardware";
import { afterAll, describe, expect, it } from "vitest";
import { Agent } from "./agent";
import { parseConfig } from "./config";
import { createBackend } from "./hardware";
import { silentLogger } from "./log";
import { startCuttableProxy } from "./testing/cuttable-proxy";
import { startFakeControlPlane } from "./testing/fake-control-plane";
import { SimulatedDriver } from "./workloads/simulated";

const WEB_URL = process.env.WEB_URL;
const DATABASE_URL = process.env.DATABASE_URL;
const REAL = !!(WEB_URL && DATABASE_URL);

/** What the control plane stored for one rig: its samples' times in the order they were stored. */
interface TStored {
  samples: string[];
  /** Samples the server accepted under any batch id: more than `samples` would mean a batch re-sent under a new id. */
  acceptedInBatches: number;
  /** The largest running total of dropped samples the rig reported ("buffer.dropped" events). */
  reportedDrops: number;
}

interface TControlPlaneUnderTest {
  host: string;
  port: number;
  enrollmentToken(label: string): Promise<string>;
  stored(rigId: number): Promise<TStored>;
  close(): Promise<void>;
}

async function realControlPlane(): Promise<TControlPlaneUnderTest> {
  const { createEnrollmentToken } = await import("@rigshift/db");
  const { seedSite, testDatabase, truncateAll } = await import("@rigshift/db/testing");
  const db = testDatabase(DATABASE_URL);
  await truncateAll(db);
  const site = await seedSite(db);
  const url = new URL(WEB_URL!);
  return {
    host: url.hostname,
    port: Number(url.port),
    enrollmentToken: async (label) => (await createEnrollmentToken({ db: db.prisma, siteId: site.id, label, createdBy: "outage.test", now: new Date() })).token,
    async stored(rigId) {
      // xmin is the id of the transaction that inserted the row: one per batch, so it orders samples as they were stored.
      const samples = await db.pool.query<{ at: Date }>(`SELECT at FROM "RigSample" WHERE "rigId" = $1 ORDER BY xmin::text::bigint, at`, [rigId]);
      const batches = await db.pool.query<{ n: string }>(`SELECT coalesce(sum("sampleCount"), 0) AS n FROM "TelemetryBatch" WHERE "rigId" = $1`, [rigId]);
      const drops = await db.pool.query<{ n: number | null }>(`SELECT max((data->>'totalSamples')::int) AS n FROM "AgentEvent" WHERE "rigId" = $1 AND type = 'buffer.dropped'`, [
        rigId,
      ]);
      return { samples: samples.rows.map((r) => r.at.toISOString()), acceptedInBatches: Number(batches.rows[0]?.n ?? 0), reportedDrops: drops.rows[0]?.n ?? 0 };
    },
    close: () => db.close(),
  };
}

async function fakeControlPlane(): Promise<TControlPlaneUnderTest> {
  const cp = await startFakeControlPlane({ desired: { generation: 1, mode: "MINE", workload: "rvn-kawpow", params: {}, jobs: [] } });
  return {
    host: cp.host,
    port: cp.port,
    enrollmentToken: async (label) => `fake-enrollment-token-${label}`,
    async stored(rigId) {
      const rig = cp.rigs.get(rigId);
      if (!rig) throw new Error(`rig ${rigId} never enrolled`);
      const drops = rig.events.filter((e) => e.type === "buffer.dropped").map((e) => Number(e.data?.totalSamples));
      return { samples: rig.samples, acceptedInBatches: rig.accepted, reportedDrops: Math.max(0, ...drops) };
    },
    close: () => cp.close(),
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until(what: string, ok: () => boolean | Promise<boolean>, state: () => unknown, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await ok())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(state())}`);
    await sleep(100);
  }
}

function startAgent(o: { url: string; token: string; hostname: string; gpus: number; maxBytes: number }) {
  const stateDir = mkdtempSync(path.join(tmpdir(), `rigshift-outage-${o.hostname}-`));
  const config = parseConfig({
    controlPlaneUrl: o.url,
    enrollmentToken: o.token,
    hostname: o.hostname,
    stateDir,
    sampleIntervalSeconds: 1,
    reportIntervalSeconds: 1,
    requestTimeoutMs: 5000,
    buffer: { maxBytes: o.maxBytes },
    hardware: { backend: "simulated", kind: "GPU_RIG", model: "RTX 3090", deviceCount: o.gpus, devicePowerW: 350, vramMb: 24576, miningHashrateHs: 45e6, seed: o.gpus },
    workloads: [
      { key: "rvn-kawpow", mode: "MINE" },
      { key: "pytorch", mode: "AI" },
    ],
  });
  const backend = createBackend(config) as SimulatedHardware;
  const agent = new Agent({ config, backend, driver: new SimulatedDriver(backend, 0), log: silentLogger });
  return { agent, stateDir, started: agent.start(), state: () => ({ pending: agent.pendingBatches, dropped: agent.droppedSamples, ...agent.stats }) };
}

/** Samples still in the journal (taken, not yet delivered) after the agent stopped. */
function journaledSamples(stateDir: string): string[] {
  const dir = path.join(stateDir, "journal");
  return readdirSync(dir)
    .filter((n) => n.endsWith(".json"))
    .sort()
    .flatMap((n) => (JSON.parse(readFileSync(path.join(dir, n), "utf8")) as { samples: { at: string }[] }).samples.map((s) => s.at));
}

/** Polls the size of a journal folder (temporary files included); stop() gives the largest seen, bytes. */
function watchDiskBytes(dir: string) {
  let peak = 0;
  const timer = setInterval(() => {
    let bytes = 0;
    for (const n of readdirSync(dir)) {
      try {
        bytes += statSync(path.join(dir, n)).size;
      } catch {
        // removed between listing and stat
      }
    }
    peak = Math.max(peak, bytes);
  }, 50);
  return {
    stop() {
      clearInterval(timer);
      return peak;
    },
  };
}

const strictlyIncreasing = (xs: string[]) => xs.every((x, i) => i === 0 || xs[i - 1]! < x);

describe(`agent through a control-plane outage (${REAL ? "real web app and Postgres" : "in-memory control plane"})`, () => {
  const closers: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const close of closers.reverse()) await close();
  });

  it("stores every sample once and in order, and a buffer smaller than the outage drops the oldest, counted and reported", async () => {
    const cp = REAL ? await realControlPlane() : await fakeControlPlane();
    closers.push(() => cp.close());
    const proxy = await startCuttableProxy(cp);
    closers.push(() => proxy.close());
    // A fresh `next start` loads a route on its first request, which can outlast an agent's request
    // timeout; an enrollment answered after the agent gave up cannot be retried (the token is used).
    for (const route of ["enroll", "telemetry"]) await fetch(`${proxy.url}/api/agent/v1/${route}`, { method: "POST", body: "{}", headers: { "content-type": "application/json" } });

    // "ample" keeps everything; "tight" has 48 GPUs (about 18 KB a sample) and the smallest buffer the config allows (64 KiB).
    const ample = startAgent({ url: proxy.url, token: await cp.enrollmentToken("ample"), hostname: "outage-ample", gpus: 2, maxBytes: 64 * 1024 * 1024 });
    const tight = startAgent({ url: proxy.url, token: await cp.enrollmentToken("tight"), hostname: "outage-tight", gpus: 48, maxBytes: 64 * 1024 });
    closers.push(async () => {
      await ample.agent.stop();
      await tight.agent.stop();
    });
    await Promise.all([ample.started, tight.started]);
    await until(
      "first deliveries",
      () => ample.agent.stats.batchesAcked >= 2 && tight.agent.stats.batchesAcked >= 2,
      () => [ample.state(), tight.state()],
    );

    // The tight agent's journal on disk, watched through the whole outage and the drain.
    const disk = watchDiskBytes(path.join(tight.stateDir, "journal"));
    await proxy.setMode("refuse");
    await sleep(2500);
    await proxy.setMode("reset");
    await sleep(2500);
    await proxy.setMode("drop-response");
    await sleep(3000);
    await proxy.setMode("up");

    await until(
      "the backlog to drain",
      () => ample.agent.pendingBatches === 0 && tight.agent.pendingBatches === 0 && ample.agent.stats.duplicateAcks > 0,
      () => [ample.state(), tight.state()],
    );
    // One more delivery after the drain, so the last "buffer.dropped" report has gone out too.
    const acked = tight.agent.stats.batchesAcked;
    await until("one more delivery", () => tight.agent.stats.batchesAcked > acked, tight.state);
    await ample.agent.stop();
    await tight.agent.stop();
    const journalPeakBytes = disk.stop();

    expect(proxy.connections.reset).toBeGreaterThan(0);
    expect(proxy.connections["drop-response"]).toBeGreaterThan(0);
    for (const { agent } of [ample, tight]) expect(agent.stats.deliveryFailures).toBeGreaterThan(2);

    // Ample buffer: every sample taken is stored, once, in the order taken; the rest are still journaled.
    const a = await cp.stored(ample.agent.rigId!);
    const aLeft = journaledSamples(ample.stateDir);
    expect(ample.agent.droppedSamples).toBe(0);
    expect(a.samples.length + aLeft.length).toBe(ample.agent.stats.samplesTaken);
    expect(new Set([...a.samples, ...aLeft]).size).toBe(ample.agent.stats.samplesTaken);
    expect(a.acceptedInBatches).toBe(a.samples.length);
    expect(strictlyIncreasing([...a.samples, ...aLeft])).toBe(true);

    // Tight buffer: nothing is missing that the journal did not drop and count, and the rig said so.
    // (A batch the server stored whose answer was lost may be dropped afterwards: counted as
    // dropped though stored, so the count can exceed what is missing, never fall short.)
    const t = await cp.stored(tight.agent.rigId!);
    const tLeft = journaledSamples(tight.stateDir);
    const taken = tight.agent.stats.samplesTaken;
    expect(tight.agent.droppedSamples).toBeGreaterThan(0);
    expect(new Set([...t.samples, ...tLeft]).size).toBe(t.samples.length + tLeft.length);
    expect(t.samples.length + tLeft.length).toBeLessThan(taken);
    expect(taken - t.samples.length - tLeft.length).toBeLessThanOrEqual(tight.agent.droppedSamples);
    expect(t.acceptedInBatches).toBe(t.samples.length);
    expect(strictlyIncreasing([...t.samples, ...tLeft])).toBe(true);
    expect(t.reportedDrops).toBe(tight.agent.droppedSamples);
    // Never beyond its configured size on disk (64 KiB), and the agent kept sampling throughout.
    expect(journalPeakBytes).toBeGreaterThan(0);
    expect(journalPeakBytes).toBeLessThanOrEqual(64 * 1024);
    console.log(
      `[outage] tight buffer: sent ${taken}, acked ${tight.agent.stats.samplesAcked} (+${tight.agent.stats.duplicateAcks} duplicate acks), stored ${t.samples.length}, duplicates ${t.acceptedInBatches - t.samples.length}, dropped ${tight.agent.droppedSamples} (reported ${t.reportedDrops}), journal peak ${journalPeakBytes} of ${64 * 1024} bytes`,
    );
  });
});
