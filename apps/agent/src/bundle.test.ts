/**
 * The single-file build runs with plain `node` and no node_modules: built into a temp folder
 * (nothing to resolve from there), then run on a real nvidia-smi capture, and as an agent
 * (delivering telemetry and serving /metrics).
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bundleAgent, type TBundleInfo } from "./bundle";
import { startFakeControlPlane } from "./testing/fake-control-plane";

const FIXTURES = fileURLToPath(new URL("../../../../shared/fixtures/nvidia-smi-xml/", import.meta.url));
const dir = mkdtempSync(path.join(tmpdir(), "rigshift-bundle-"));
const bundle = path.join(dir, "rigshift-agent.cjs");
// Only the system's own PATH: no workspace tools, no NODE_PATH, no loader flags.
const bareEnv = { PATH: "/usr/local/bin:/usr/bin:/bin" };

let info: TBundleInfo;
beforeAll(async () => {
  info = await bundleAgent(bundle);
}, 60_000);

describe("single-file build", () => {
  // Footprint (scripts/bench/agent.ts): what is in the bundle is loaded and kept in memory.
  it("holds only the parts of zod the agent uses, and no systeminformation (the host probe reads procfs and sysfs)", () => {
    const modules = (pkg: string) => info.inputs.flatMap((input) => input.match(new RegExp(`node_modules/${pkg}/(.+)$`))?.[1] ?? []);
    expect(modules("zod").filter((file) => file.includes("/locales/"))).toEqual(["v4/locales/en.js"]);
    expect(modules("systeminformation")).toEqual([]);
  });

  it("names the field and the rule when the config is invalid", () => {
    const config = path.join(dir, "invalid.yaml");
    writeFileSync(config, "controlPlaneUrl: not-a-url\nsampleIntervalSeconds: 0\nhardware:\n  backend: nvidia\n");
    const r = spawnSync(process.execPath, [bundle, "run", "--config", config], { cwd: dir, env: bareEnv, encoding: "utf8" });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain("controlPlaneUrl: Invalid URL");
    expect(r.stderr).toContain("sampleIntervalSeconds: Too small: expected number to be >=1");
  });

  it("prints what it reads from a captured nvidia-smi report", () => {
    const r = spawnSync(process.execPath, [bundle, "inspect", "--nvidia-smi-xml", path.join(FIXTURES, "telegraf__rtx-3090-v12.xml"), "--json"], {
      cwd: dir,
      env: bareEnv,
      encoding: "utf8",
    });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.inventory.model).toBe("NVIDIA GeForce RTX 3090");
    expect(out.inventory.devices[0]).toMatchObject({ kind: "GPU", vramMb: 24576 });
  });

  describe("as an agent (nvidia backend, fake nvidia-smi)", () => {
    let agent: ChildProcess | undefined;
    let cp: Awaited<ReturnType<typeof startFakeControlPlane>>;
    afterAll(async () => {
      agent?.kill("SIGKILL");
      await cp?.close();
    });

    it("enrolls and delivers samples with the GPU and host readings", async () => {
      cp = await startFakeControlPlane({ desired: null });
      const fakeSmi = path.join(dir, "nvidia-smi");
      writeFileSync(fakeSmi, `#!/bin/sh\ncat '${path.join(FIXTURES, "telegraf__rtx-3090-v12.xml")}'\n`);
      chmodSync(fakeSmi, 0o755);
      const config = path.join(dir, "agent.yaml");
      writeFileSync(
        config,
        `controlPlaneUrl: ${cp.url}\nenrollmentToken: fake-enrollment-token-bundle\nstateDir: ${dir}/state\nsampleIntervalSeconds: 1\nreportIntervalSeconds: 1\nhardware:\n  backend: nvidia\n  nvidiaSmiPath: ${fakeSmi}\nmetrics:\n  listen: 127.0.0.1:0\n`,
      );
      let output = "";
      agent = spawn(process.execPath, [bundle, "run", "--config", config], { cwd: dir, env: bareEnv, stdio: ["ignore", "pipe", "pipe"] });
      agent.stdout?.on("data", (d) => (output += d));
      agent.stderr?.on("data", (d) => (output += d));
      const deadline = Date.now() + 15_000;
      while (!cp.rigs.get(1)?.lastSample) {
        if (Date.now() > deadline || agent.exitCode !== null) throw new Error(`no sample from the bundled agent:\n${output}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      const sample = cp.rigs.get(1)!.lastSample!;
      expect(sample.devices[0]).toMatchObject({ kind: "GPU", model: "NVIDIA GeForce RTX 3090", vramTotalMb: 24576 });
      // The bundled host probe read /proc and statfs.
      expect(sample.rig.memTotalMb).toBeGreaterThan(0);
      expect(sample.rig.diskUsedPct).toBeGreaterThan(0);

      // The metrics endpoint, wired as in production; the log line names the port it took.
      const url = /"msg":"metrics listening".*?"url":"([^"]+)"/.exec(output)?.[1];
      expect(url, output).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
      const metrics = await (await fetch(url!)).text();
      expect(metrics).toMatch(/^nvidia_smi_memory_total_bytes\{uuid="GPU-[^"]+",name="NVIDIA GeForce RTX 3090",index="0"\} 25769803776$/m);
    });
  });
});
