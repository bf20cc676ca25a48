import { spawn } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { parseConfig, type TWorkloadConfig } from "../config";
import { type TStartRequest, workloadEnv } from "./driver";
import { ProcessDriver } from "./process";
import { bootId, groupAlive, parseProcStat, procStat } from "./process-group";

describe("workloadEnv", () => {
  const w = { key: "w", mode: "MINE", params: {} } as TWorkloadConfig;
  const cases: [string, Omit<TStartRequest, "workload">, Record<string, string>][] = [
    ["parameters only, all GPUs: CUDA is left alone", { params: { power_limit_pct: 80 }, jobs: [] }, { RIGSHIFT_PARAM_POWER_LIMIT_PCT: "80" }],
    [
      "a mining workload without the hot GPU 1",
      { params: {}, jobs: [], excludedDevices: [1], deviceIndices: [0, 1, 2, 3] },
      { CUDA_DEVICE_ORDER: "PCI_BUS_ID", CUDA_VISIBLE_DEVICES: "0,2,3", RIGSHIFT_EXCLUDED_GPUS: "1" },
    ],
    [
      "AI jobs get their GPUs, in nvidia-smi's (PCI bus) order",
      { params: {}, jobs: [{ jobId: 7, gpuIndices: [3, 1] }] },
      { CUDA_DEVICE_ORDER: "PCI_BUS_ID", CUDA_VISIBLE_DEVICES: "1,3", RIGSHIFT_JOB_IDS: "7", RIGSHIFT_JOBS: '[{"jobId":7,"gpuIndices":[3,1]}]' },
    ],
    [
      "AI jobs lose the hot GPU from their own lists too",
      {
        params: {},
        jobs: [
          { jobId: 7, gpuIndices: [0, 1] },
          { jobId: 8, gpuIndices: [2] },
        ],
        excludedDevices: [1],
        deviceIndices: [0, 1, 2, 3],
      },
      {
        CUDA_DEVICE_ORDER: "PCI_BUS_ID",
        CUDA_VISIBLE_DEVICES: "0,2",
        RIGSHIFT_JOB_IDS: "7,8",
        RIGSHIFT_JOBS: '[{"jobId":7,"gpuIndices":[0]},{"jobId":8,"gpuIndices":[2]}]',
        RIGSHIFT_EXCLUDED_GPUS: "1",
      },
    ],
  ];
  for (const [name, request, env] of cases) it(name, () => expect(workloadEnv({ workload: w, ...request })).toEqual(env));
});

describe("parseProcStat", () => {
  it("reads state, process group and start time, whatever the command name holds", () => {
    const line = "4242 (we ird) (name) S 1 4242 4242 0 -1 4194560 100 0 0 0 1 2 0 0 20 0 1 0 987654 1000 100 18446744073709551615";
    expect(parseProcStat(line)).toEqual({ pid: 4242, state: "S", pgrp: 4242, startTime: "987654" });
  });
  it("reads this process", () => {
    expect(procStat(process.pid)?.pgrp).toBeTypeOf("number");
  });
});

describe("ProcessDriver", () => {
  const groups: number[] = [];
  afterEach(() => {
    for (const g of groups.splice(0)) {
      try {
        process.kill(-g, "SIGKILL");
      } catch {
        // gone
      }
    }
  });

  /** A workload script: writes its pid and environment, starts a grandchild, runs until killed (ignoring SIGTERM when "stubborn"). */
  function workload(dir: string, key: string, stubborn = false): TWorkloadConfig {
    const script = path.join(dir, `${key}.sh`);
    writeFileSync(
      script,
      `#!/bin/sh
echo $$ > "${dir}/${key}.pid"
env > "${dir}/${key}.env"
${stubborn ? "trap '' TERM" : ""}
sleep 1000 &
echo $! > "${dir}/${key}.child"
wait
`,
    );
    chmodSync(script, 0o755);
    return parseConfig({ controlPlaneUrl: "http://127.0.0.1:1", hardware: { backend: "nvidia" }, workloads: [{ key, mode: "MINE", command: [script] }] }).workloads[0]!;
  }

  const until = async (ok: () => boolean, ms = 5000) => {
    const deadline = Date.now() + ms;
    while (!ok()) {
      if (Date.now() > deadline) throw new Error("timed out");
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  const pidOf = (file: string) => Number(readFileSync(file, "utf8"));

  it("runs a command in its own process group with the GPUs it may use, records it, and stops the whole group", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "rigshift-proc-"));
    const w = workload(dir, "miner");
    const driver = new ProcessDriver({ baseEnv: { PATH: process.env.PATH }, stateDir: dir, stopTimeoutMs: 2000 });
    await driver.start({ workload: w, params: {}, jobs: [], excludedDevices: [1], deviceIndices: [0, 1, 2] });
    await until(() => existsSync(path.join(dir, "miner.child")));
    const pid = pidOf(path.join(dir, "miner.pid"));
    groups.push(pid);
    expect(readFileSync(path.join(dir, "miner.env"), "utf8")).toMatch(/^CUDA_VISIBLE_DEVICES=0,2$/m);
    expect(readdirSync(path.join(dir, "workloads"))).toEqual(["miner.json"]);
    expect(await driver.isRunning(w)).toBe(true);

    await driver.stop(w);
    expect(groupAlive(pid)).toBe(false);
    expect(procStat(pidOf(path.join(dir, "miner.child")))?.state ?? "Z").toBe("Z");
    expect(readdirSync(path.join(dir, "workloads"))).toEqual([]);
    expect(await driver.isRunning(w)).toBe(false);
  });

  it("kills a group that ignores SIGTERM once the grace has passed", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "rigshift-proc-"));
    const w = workload(dir, "stubborn", true);
    const driver = new ProcessDriver({ stateDir: dir, stopTimeoutMs: 300 });
    await driver.start({ workload: w, params: {}, jobs: [] });
    await until(() => existsSync(path.join(dir, "stubborn.child")));
    groups.push(pidOf(path.join(dir, "stubborn.pid")));
    const started = Date.now();
    await driver.stop(w);
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    expect(groupAlive(pidOf(path.join(dir, "stubborn.pid")))).toBe(false);
  });

  it("on start, stops a group that a previous (dead) agent left running, and only that", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "rigshift-proc-"));
    const w = workload(dir, "leftover", true);
    // The first agent starts the workload and dies without stopping it.
    await new ProcessDriver({ stateDir: dir }).start({ workload: w, params: {}, jobs: [] });
    await until(() => existsSync(path.join(dir, "leftover.child")));
    const leftover = pidOf(path.join(dir, "leftover.pid"));
    groups.push(leftover);

    // Processes that are not ours, behind records that look like ours: another boot's, and a reused pid.
    const stranger = spawn("sleep", ["1000"], { detached: true, stdio: "ignore" });
    const stranger2 = spawn("sleep", ["1000"], { detached: true, stdio: "ignore" });
    groups.push(stranger.pid!, stranger2.pid!);
    const write = (name: string, rec: object) => writeFileSync(path.join(dir, "workloads", name), JSON.stringify(rec));
    write("other-boot.json", { key: "other-boot", pid: stranger.pid, startTime: procStat(stranger.pid!)?.startTime, bootId: "another-boot", startedAt: "2025-01-01T00:00:00Z" });
    write("reused.json", { key: "reused", pid: stranger2.pid, startTime: "1", bootId: bootId(), startedAt: "2025-01-01T00:00:00Z" });

    await new ProcessDriver({ stateDir: dir, stopTimeoutMs: 300 }).recover();
    expect(groupAlive(leftover)).toBe(false);
    expect(groupAlive(stranger.pid!)).toBe(true);
    expect(groupAlive(stranger2.pid!)).toBe(true);
    expect(readdirSync(path.join(dir, "workloads"))).toEqual([]);
  });
});
