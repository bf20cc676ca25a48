/**
 * The agent against an in-memory control plane behind a proxy we can cut, with a clock we
 * move by hand (timers are set to an hour, so every step here is an explicit call).
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { SimulatedHardware } from "@rigshift/hardware";
import type { TDesiredState } from "@rigshift/protocol";
import { afterEach, describe, expect, it } from "vitest";
import { Agent } from "./agent";
import { parseConfig } from "./config";
import { createBackend } from "./hardware";
import { silentLogger } from "./log";
import { startCuttableProxy } from "./testing/cuttable-proxy";
import { startFakeControlPlane } from "./testing/fake-control-plane";
import { SimulatedDriver } from "./workloads/simulated";

const MINE: TDesiredState = { generation: 1, mode: "MINE", workload: "rvn-kawpow", params: {}, jobs: [] };
const AI: TDesiredState = { generation: 2, mode: "AI", workload: "pytorch", params: {}, jobs: [{ jobId: 7, gpuIndices: [0, 1] }] };

const cleanups: (() => Promise<void>)[] = [];
async function until(ok: () => boolean, ms = 10_000) {
  const deadline = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 20));
  }
}
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function setup(desired: TDesiredState) {
  const cp = await startFakeControlPlane({ desired });
  const proxy = await startCuttableProxy(cp);
  cleanups.push(
    () => cp.close(),
    () => proxy.close(),
  );
  const stateDir = mkdtempSync(path.join(tmpdir(), "rigshift-agent-"));
  const clock = { t: Date.now() };
  const config = parseConfig({
    controlPlaneUrl: proxy.url,
    enrollmentToken: "fake-enrollment-token-agent-test",
    hostname: "rig-test",
    stateDir,
    sampleIntervalSeconds: 3600,
    reportIntervalSeconds: 3600,
    requestTimeoutMs: 1000,
    hardware: { backend: "simulated", kind: "GPU_RIG", model: "RTX 3090", deviceCount: 2, devicePowerW: 350, vramMb: 24576, miningHashrateHs: 45e6, seed: 3 },
    workloads: [
      { key: "rvn-kawpow", mode: "MINE" },
      { key: "pytorch", mode: "AI" },
      { key: "rvn-solo", mode: "MINE", description: "safe fallback" },
    ],
    fallback: { afterSeconds: 60, workload: "rvn-solo" },
  });
  const newAgent = (agentConfig = config) => {
    const backend = createBackend(agentConfig) as SimulatedHardware;
    const agent = new Agent({ config: agentConfig, backend, driver: new SimulatedDriver(backend, 0), log: silentLogger, now: () => clock.t });
    cleanups.push(() => agent.stop());
    return agent;
  };
  return { cp, proxy, clock, config, newAgent };
}

describe("Agent without its control plane", () => {
  it("falls back after fallback.afterSeconds without contact, and returns to the desired state when the control plane answers again", async () => {
    const { proxy, clock, newAgent } = await setup(MINE);
    const agent = newAgent();
    await agent.start();
    expect(agent.reportedState()).toEqual({ appliedGeneration: 1, mode: "MINE", workload: "rvn-kawpow", phase: "steady" });

    await proxy.setMode("refuse");
    clock.t += 59_000;
    await agent.report();
    expect(agent.reportedState()).toMatchObject({ workload: "rvn-kawpow", phase: "steady" });
    clock.t += 2_000;
    await agent.report();
    expect(agent.reportedState()).toMatchObject({ mode: "MINE", workload: "rvn-solo", phase: "fallback" });

    await proxy.setMode("up");
    await agent.report();
    expect(agent.reportedState()).toEqual({ appliedGeneration: 1, mode: "MINE", workload: "rvn-kawpow", phase: "steady" });
  });

  it("keeps the last desired state across a restart and runs it without the control plane", async () => {
    const { cp, proxy, newAgent } = await setup(MINE);
    const first = newAgent();
    await first.start();
    cp.setDesired(AI);
    await first.report();
    expect(first.reportedState()).toMatchObject({ appliedGeneration: 2, workload: "pytorch" });
    await first.stop();

    await proxy.setMode("refuse");
    const second = newAgent();
    await second.start();
    expect(second.stats.batchesAcked).toBe(0);
    expect(second.reportedState()).toEqual({ appliedGeneration: 2, mode: "AI", workload: "pytorch", phase: "steady" });
  });

  it("counts the time without contact across a restart: a restarted agent does not postpone the fallback", async () => {
    const { proxy, clock, newAgent } = await setup(MINE);
    const first = newAgent();
    await first.start();
    await first.stop();

    await proxy.setMode("refuse");
    clock.t += 61_000;
    const second = newAgent();
    await second.start();
    expect(second.reportedState()).toMatchObject({ workload: "rvn-solo", phase: "fallback" });
  });

  it("tells the watchdog its report loop is stuck once it has made no progress for longer than any step may take", async () => {
    const { clock, newAgent } = await setup(MINE);
    const agent = newAgent();
    await agent.start();
    expect(agent.reportLoopAlive()).toBe(true);
    // 2 report intervals + request timeout + the longest workload switch (a unit's stop and start).
    clock.t += 2 * 3600_000 + 1000 + 180_000 - 1;
    expect(agent.reportLoopAlive()).toBe(true);
    clock.t += 2;
    expect(agent.reportLoopAlive()).toBe(false);
    await agent.report();
    expect(agent.reportLoopAlive()).toBe(true);
  });

  it("is ready before it enrolls, and tells the watchdog it is alive while enrollment retries", async () => {
    const { cp, proxy, clock, newAgent } = await setup(MINE);
    await proxy.setMode("refuse");
    const agent = newAgent();
    let ready = false;
    const started = agent.start({ onReady: () => (ready = true) });
    await until(() => ready && cp.counts.enrollments === 0 && agent.reportLoopAlive());
    // Each attempt and each back-off wait is progress; none may take longer than the longest wait + a request.
    clock.t += 60_000 + 1000 + 30_000 + 1;
    expect(agent.reportLoopAlive()).toBe(false);
    await proxy.setMode("up");
    await started;
    expect(cp.counts.enrollments).toBe(1);
    expect(agent.stats.batchesAcked).toBeGreaterThan(0);
    expect(agent.reportLoopAlive()).toBe(true);
  });

  it("tells the control plane, with its first batch after a restart, the workloads an edited config allows now", async () => {
    const { cp, config, newAgent } = await setup(MINE);
    const first = newAgent();
    await first.start();
    expect(cp.rigs.get(1)?.workloads.map((w) => w.key)).toEqual(["rvn-kawpow", "pytorch", "rvn-solo"]);
    await first.stop();

    const second = newAgent({ ...config, workloads: config.workloads.filter((w) => w.key !== "pytorch") });
    await second.start();
    expect(cp.counts.enrollments).toBe(1);
    expect(cp.rigs.get(1)?.workloads.map((w) => w.key)).toEqual(["rvn-kawpow", "rvn-solo"]);
  });
});
