import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { ZRigReading } from "@rigshift/protocol";
import { afterAll, describe, expect, it } from "vitest";
import { compareNatural } from "./cpu-temperature";
import { createLinuxHostSources } from "./linux";
import { createHostProbe } from "./probe";

const root = mkdtempSync(path.join(tmpdir(), "rigshift-host-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Writes `files` (path -> content) under a fresh folder and returns it. */
function tree(name: string, files: Record<string, string>): string {
  const dir = path.join(root, name);
  for (const [file, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), content);
  }
  mkdirSync(dir, { recursive: true });
  return dir;
}

// Copies of a real host's files (kernel 6.x, 2 CPUs).
const STAT_1 =
  "cpu  858529 0 133561 138661 3002 0 8080 603 0 0\ncpu0 424622 0 63963 79456 809 0 2296 283 0 0\ncpu1 433907 0 69598 59205 2192 0 5784 320 0 0\nintr 1 2 3\nctxt 99\n";
// 200 more jiffies: 50 user, 10 system, 5 softirq, 5 steal busy; 120 idle, 10 iowait.
const STAT_2 = "cpu  858579 0 133571 138781 3012 0 8085 608 0 0\ncpu0 424647 0 63968 79516 814 0 2298 285 0 0\ncpu1 433932 0 69603 59265 2197 0 5787 323 0 0\n";
const MEMINFO =
  "MemTotal:       24684092 kB\nMemFree:        21166876 kB\nMemAvailable:   23506000 kB\nBuffers:            6368 kB\nCached:          2474136 kB\nSwapCached:            0 kB\nActive:           415760 kB\nInactive(anon):   1477272 kB\nHugePages_Total:       0\n";

describe("createLinuxHostSources", () => {
  it("reports CPU load as the busy share of the jiffies between two reads", async () => {
    const proc = tree("proc-load", { stat: STAT_1 });
    const sources = createLinuxHostSources({ procDir: proc, sysDir: path.join(root, "no-sys") });
    // The first read covers the time since boot.
    expect(await sources.cpuLoadPct()).toBeCloseTo((100 * (858529 + 133561 + 8080 + 603)) / (858529 + 133561 + 8080 + 603 + 138661 + 3002), 1);
    writeFileSync(path.join(proc, "stat"), STAT_2);
    expect(await sources.cpuLoadPct()).toBe(35);
    // No time passed: no figure rather than 0 or NaN.
    expect(await sources.cpuLoadPct()).toBeUndefined();
  });

  it("reports memory in use as total minus available, like free", async () => {
    const sources = createLinuxHostSources({ procDir: tree("proc-mem", { meminfo: MEMINFO }) });
    expect(await sources.memory()).toEqual({ totalBytes: 24684092 * 1024, usedBytes: (24684092 - 23506000) * 1024 });
    const reading = (await createHostProbe({ system: sources }).read()).reading;
    expect(reading.memTotalMb).toBe(24106);
    expect(reading.memUsedMb).toBe(1150);
  });

  it("falls back to free + buffers + cache on kernels without MemAvailable", async () => {
    const old = "MemTotal: 1000 kB\nMemFree: 200 kB\nBuffers: 100 kB\nCached: 300 kB\n";
    expect(await createLinuxHostSources({ procDir: tree("proc-old", { meminfo: old }) }).memory()).toEqual({ totalBytes: 1024_000, usedBytes: 400 * 1024 });
  });

  it("leaves out what odd or missing files do not give, and never returns 0 or NaN for them", async () => {
    const odd = tree("proc-odd", { stat: "cpu  12 x 3 4\n", meminfo: "MemTotal: lots\n" });
    const sources = createLinuxHostSources({ procDir: odd, sysDir: path.join(root, "missing-sys") });
    expect(await sources.cpuLoadPct()).toBeUndefined();
    expect(await sources.memory()).toEqual({});
    expect(await sources.cpuTempC()).toBeUndefined();
    const { reading, problems } = await createHostProbe({ system: createLinuxHostSources({ procDir: path.join(root, "missing-proc"), sysDir: odd }), diskMount: "/" }).read();
    expect(Object.keys(reading)).toEqual(["diskUsedPct"]);
    expect(problems.map((problem) => problem.message)).toEqual([
      expect.stringMatching(/^CPU load: ENOENT.*missing-proc\/stat/),
      expect.stringMatching(/^memory: ENOENT.*missing-proc\/meminfo/),
    ]);
  });

  it("reads the package sensor of a CPU chip in /sys/class/hwmon, not a GPU's", async () => {
    const sys = tree("sys-intel", {
      "class/hwmon/hwmon0/name": "amdgpu\n",
      "class/hwmon/hwmon0/temp1_input": "91000\n",
      "class/hwmon/hwmon2/name": "coretemp\n",
      "class/hwmon/hwmon2/temp1_label": "Package id 0\n",
      "class/hwmon/hwmon2/temp1_input": "54000\n",
      "class/hwmon/hwmon2/temp2_label": "Core 0\n",
      "class/hwmon/hwmon2/temp2_input": "51000\n",
    });
    expect(await createLinuxHostSources({ sysDir: sys }).cpuTempC()).toBe(54);
  });

  it("prefers AMD's Tdie to Tctl, and averages the cores when no package sensor is labelled", async () => {
    const amd = tree("sys-amd", {
      "class/hwmon/hwmon1/name": "k10temp\n",
      "class/hwmon/hwmon1/temp1_label": "Tctl\n",
      "class/hwmon/hwmon1/temp1_input": "72125\n",
      "class/hwmon/hwmon1/temp2_label": "Tdie\n",
      "class/hwmon/hwmon1/temp2_input": "62125\n",
    });
    expect(await createLinuxHostSources({ sysDir: amd }).cpuTempC()).toBe(62.1);
    const cores = tree("sys-cores", {
      "class/hwmon/hwmon3/name": "coretemp\n",
      "class/hwmon/hwmon3/temp2_label": "Core 0\n",
      "class/hwmon/hwmon3/temp2_input": "50000\n",
      "class/hwmon/hwmon3/temp3_label": "Core 1\n",
      "class/hwmon/hwmon3/temp3_input": "53000\n",
    });
    expect(await createLinuxHostSources({ sysDir: cores }).cpuTempC()).toBe(51.5);
  });

  it("takes chips and sensors in number order: hwmon2 before hwmon10, temp2 before temp10", async () => {
    const sys = tree("sys-order", {
      "class/hwmon/hwmon10/name": "coretemp\n",
      "class/hwmon/hwmon10/temp1_input": "70000\n",
      "class/hwmon/hwmon2/name": "k10temp\n",
      "class/hwmon/hwmon2/temp10_input": "65000\n",
      "class/hwmon/hwmon2/temp2_input": "60000\n",
    });
    expect(await createLinuxHostSources({ sysDir: sys }).cpuTempC()).toBe(60);
    const names = ["temp10_input", "hwmon10", "temp2_input", "hwmon2", "hwmon1", "temp1_label", "temp1_input", "thermal_zone02", "thermal_zone2"];
    expect(names.sort(compareNatural)).toEqual(["hwmon1", "hwmon2", "hwmon10", "temp1_input", "temp1_label", "temp2_input", "temp10_input", "thermal_zone02", "thermal_zone2"]);
  });

  it("falls back to a CPU thermal zone (a Raspberry Pi, an x86 package zone), and reads nothing from the others", async () => {
    const pi = tree("sys-pi", {
      "class/thermal/thermal_zone0/type": "acpitz\n",
      "class/thermal/thermal_zone0/temp": "27800\n",
      "class/thermal/thermal_zone1/type": "cpu-thermal\n",
      "class/thermal/thermal_zone1/temp": "47236\n",
    });
    expect(await createLinuxHostSources({ sysDir: pi }).cpuTempC()).toBe(47.2);
    const acpiOnly = tree("sys-acpi", { "class/thermal/thermal_zone0/type": "acpitz\n", "class/thermal/thermal_zone0/temp": "27800\n" });
    expect(await createLinuxHostSources({ sysDir: acpiOnly }).cpuTempC()).toBeUndefined();
  });

  it("finds the sensor again when its file goes away, and gives nothing for an unreadable value", async () => {
    const sys = tree("sys-moving", { "class/hwmon/hwmon0/name": "k10temp\n", "class/hwmon/hwmon0/temp1_input": "60000\n" });
    const sources = createLinuxHostSources({ sysDir: sys });
    expect(await sources.cpuTempC()).toBe(60);
    writeFileSync(path.join(sys, "class/hwmon/hwmon0/temp1_input"), "N/A\n");
    expect(await sources.cpuTempC()).toBeUndefined();
    rmSync(path.join(sys, "class/hwmon/hwmon0"), { recursive: true });
    tree("sys-moving", { "class/hwmon/hwmon5/name": "k10temp\n", "class/hwmon/hwmon5/temp1_input": "61000\n" });
    expect(await sources.cpuTempC()).toBe(61);
  });

  it("reads disk use of a mount as df's Use%, and names a path where nothing is mounted", async () => {
    const sources = createLinuxHostSources();
    const pct = await sources.diskUsedPct("/");
    expect(pct).toBeGreaterThan(0);
    expect(pct).toBeLessThanOrEqual(100);
    await expect(sources.diskUsedPct(root)).rejects.toThrow(`no filesystem is mounted at ${root}`);
    await expect(sources.diskUsedPct(path.join(root, "absent"))).rejects.toThrow("no filesystem is mounted at");
    // A mount point listed in mounts, with the kernel's escape for a space.
    const data = path.join(root, "data disk");
    mkdirSync(data);
    const proc = tree("proc-mounts", { "self/mounts": `/dev/sda1 / ext4 rw 0 0\n/dev/sdb1 ${data.replaceAll(" ", "\\040")} ext4 rw 0 0\n` });
    const onData = await createLinuxHostSources({ procDir: proc }).diskUsedPct(data);
    expect(onData).toBeGreaterThan(0);
    expect(onData).toBeLessThanOrEqual(100);
  });

  it("reads this host: load, memory and disk present and valid, temperature only where there are sensors", async () => {
    const probe = createHostProbe({ timeoutMs: 5000 });
    await probe.read();
    await new Promise((resolve) => setTimeout(resolve, 50));
    const { reading, problems } = await probe.read();
    expect(problems).toEqual([]);
    expect(reading.cpuLoadPct).toBeGreaterThanOrEqual(0);
    expect(reading.memTotalMb).toBeGreaterThan(0);
    expect(reading.memUsedMb).toBeGreaterThan(0);
    expect(reading.memUsedMb).toBeLessThanOrEqual(reading.memTotalMb as number);
    expect(reading.diskUsedPct).toBeGreaterThan(0);
    expect(ZRigReading.parse(reading)).toEqual(reading);
  });
});
