/**
 * The agent as a process (`rigshift-agent run`), against an in-memory control plane:
 * killed in the middle of a workload switch and restarted; stopped with SIGTERM under systemd.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { startFakeControlPlane } from "./testing/fake-control-plane";
import { groupAlive } from "./workloads/process-group";

const MAIN = fileURLToPath(new URL("./main.ts", import.meta.url));
const REPO = fileURLToPath(new URL("../../..", import.meta.url));

const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function spawnAgent(configPath: string, env: Record<string, string> = {}) {
  const child = spawn(process.execPath, ["--import", "tsx", MAIN, "run", "--config", configPath], {
    cwd: REPO,
    env: { PATH: process.env.PATH, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (d) => (output += d));
  child.stderr?.on("data", (d) => (output += d));
  cleanups.push(() => void child.kill("SIGKILL"));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { child, exited, output: () => output };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until(what: string, ok: () => boolean, context: () => string = () => "", ms = 15_000) {
  const deadline = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${context()}`);
    await sleep(50);
  }
}

function killGroup(pidFile: string) {
  try {
    process.kill(-Number(readFileSync(pidFile, "utf8")), "SIGKILL");
  } catch {
    // never started, or gone
  }
}

const alive = (pidFile: string) => existsSync(pidFile) && groupAlive(Number(readFileSync(pidFile, "utf8")));

describe("rigshift-agent run", () => {
  it("killed mid-switch, converges on restart without ever running two workloads at once", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "rigshift-restart-"));
    // Each workload writes its pid file, and notes if another workload's process is still running when it starts.
    // "miner-a" ignores SIGTERM: stopping it takes the whole grace, which is when the agent gets killed.
    const script = path.join(dir, "workload.sh");
    writeFileSync(
      script,
      `#!/bin/sh
for f in "${dir}"/*.pid; do
  [ -e "$f" ] || continue
  p=$(cat "$f"); s=$(cut -d' ' -f3 "/proc/$p/stat" 2>/dev/null)
  [ -n "$s" ] && [ "$s" != Z ] && echo "$1 started while $(basename "$f" .pid) ran" >> "${dir}/overlap.log"
done
echo $$ > "${dir}/$1.pid"
[ "$2" = stubborn ] && trap '' TERM
exec sleep 1000
`,
    );
    chmodSync(script, 0o755);
    const cp = await startFakeControlPlane({ desired: { generation: 1, mode: "MINE", workload: "miner-a", params: {}, jobs: [] } });
    cleanups.push(() => cp.close());
    for (const name of ["a", "b"]) cleanups.push(() => killGroup(`${dir}/${name}.pid`));
    const config = path.join(dir, "agent.yaml");
    writeFileSync(
      config,
      JSON.stringify({
        controlPlaneUrl: cp.url,
        enrollmentToken: "fake-enrollment-token-restart",
        stateDir: path.join(dir, "state"),
        sampleIntervalSeconds: 1,
        reportIntervalSeconds: 1,
        hardware: { backend: "nvidia", nvidiaSmiPath: path.join(dir, "no-nvidia-smi") },
        workloads: [
          { key: "miner-a", mode: "MINE", command: [script, "a", "stubborn"] },
          { key: "miner-b", mode: "MINE", command: [script, "b"] },
        ],
        workloadStopTimeoutSeconds: 3,
      }),
    );

    const first = spawnAgent(config);
    await until("miner-a to run", () => cp.rigs.get(1)?.state?.workload === "miner-a" && alive(`${dir}/a.pid`), first.output);
    cp.setDesired({ generation: 2, mode: "MINE", workload: "miner-b", params: {}, jobs: [] });
    const told = cp.counts.telemetry;
    await until("the agent to hear of generation 2", () => cp.counts.telemetry > told, first.output);
    // It is now waiting out miner-a's grace (3 s): kill it there.
    await sleep(1000);
    first.child.kill("SIGKILL");
    await first.exited;
    expect(alive(`${dir}/a.pid`)).toBe(true);
    expect(existsSync(`${dir}/b.pid`)).toBe(false);

    const second = spawnAgent(config);
    await until("miner-b to run", () => cp.rigs.get(1)?.state?.workload === "miner-b" && alive(`${dir}/b.pid`), second.output);
    expect(cp.rigs.get(1)?.state).toMatchObject({ appliedGeneration: 2, mode: "MINE", phase: "steady" });
    expect(alive(`${dir}/a.pid`)).toBe(false);
    expect(existsSync(`${dir}/overlap.log`) ? readFileSync(`${dir}/overlap.log`, "utf8") : "").toBe("");
    expect(second.output()).toMatch(/stopping a workload left running by a previous agent.*miner-a/);
    expect(cp.counts.enrollments).toBe(1);
  });

  it("under systemd: READY=1 once started, WATCHDOG=1 while alive, and on SIGTERM STOPPING=1 and a journal flush before exit", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "rigshift-sd-"));
    const bin = path.join(dir, "bin");
    const log = path.join(dir, "notify.log");
    mkdirSync(bin);
    writeFileSync(path.join(bin, "systemd-notify"), `#!/bin/sh\necho "$NOTIFY_SOCKET $*" >> "${log}"\n`);
    chmodSync(path.join(bin, "systemd-notify"), 0o755);
    const cp = await startFakeControlPlane({ desired: { generation: 1, mode: "MINE", workload: "rvn-kawpow", params: {}, jobs: [] } });
    cleanups.push(() => cp.close());
    const stateDir = path.join(dir, "state");
    const config = path.join(dir, "agent.yaml");
    writeFileSync(
      config,
      JSON.stringify({
        controlPlaneUrl: cp.url,
        enrollmentToken: "fake-enrollment-token-systemd",
        stateDir,
        sampleIntervalSeconds: 1,
        // Deliveries are rare: what is sampled after the first one is only in memory until the flush.
        reportIntervalSeconds: 3600,
        hardware: { backend: "simulated", kind: "GPU_RIG", model: "RTX 3090", deviceCount: 2, devicePowerW: 350, miningHashrateHs: 45e6 },
        workloads: [{ key: "rvn-kawpow", mode: "MINE" }],
      }),
    );
    const agent: { child: ChildProcess; exited: Promise<number | null>; output: () => string } = spawnAgent(config, {
      PATH: `${bin}:${process.env.PATH}`,
      NOTIFY_SOCKET: "/run/fake/notify",
      WATCHDOG_USEC: "1000000",
    });
    const all = () => (existsSync(log) ? readFileSync(log, "utf8").trim().split("\n") : []);
    // STATUS= lines (what the agent waits for) come between; the order of the rest matters.
    const lines = () => all().filter((l) => !l.includes(" STATUS="));
    const pings = () => lines().filter((l) => l.endsWith("WATCHDOG=1")).length;
    await until("two watchdog pings", () => pings() >= 2, agent.output);
    // READY=1 comes before enrollment: wait for the first delivery, then for pings 1.5 s past it
    // (a sample a second), so that the journal flush below has samples taken after that delivery.
    await until("the first delivery", () => cp.counts.telemetry >= 1, agent.output);
    const after = pings();
    await until("three more pings", () => pings() >= after + 3, agent.output);
    const pid = agent.child.pid;
    expect(lines()[0]).toBe(`/run/fake/notify --pid=${pid} READY=1`);
    expect(lines()[1]).toBe(`/run/fake/notify --pid=${pid} WATCHDOG=1`);
    expect(all()).toContain(`/run/fake/notify --pid=${pid} STATUS=enrolled`);
    expect(readdirSync(path.join(stateDir, "journal"))).toEqual([]);

    agent.child.kill("SIGTERM");
    agent.child.kill("SIGTERM");
    expect(await agent.exited).toBe(0);
    expect(lines().at(-1)).toBe(`/run/fake/notify --pid=${pid} STOPPING=1`);
    const journal = readdirSync(path.join(stateDir, "journal"));
    expect(journal).toHaveLength(1);
    const flushed = JSON.parse(readFileSync(path.join(stateDir, "journal", journal[0]!), "utf8"));
    expect(flushed.samples.length).toBeGreaterThanOrEqual(1);
    expect(agent.output()).toMatch(/"msg":"stopped"/);
  });
});

describe("enrollment identity", () => {
  it("proposes the same rig token on every attempt until enrolled", async () => {
    const { loadOrCreateProposedToken } = await import("./identity");
    const { mkdtempSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const dir = mkdtempSync(`${tmpdir()}/enroll-`);
    const first = loadOrCreateProposedToken(dir);
    expect(first).toMatch(/^rsa_[A-Za-z0-9_-]{43}$/);
    expect(loadOrCreateProposedToken(dir)).toBe(first);
  });
});
