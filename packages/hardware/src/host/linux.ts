import { readFileSync, type StatsFs, statfs } from "node:fs";
import path from "node:path";
import { createCpuTemperatureReader } from "./cpu-temperature";
import { cpuLoadPctBetween, parseMeminfo, parseProcStatCpu, type TCpuTimes } from "./proc";

/** The host measurements the probe takes, each a promise of its value or of nothing (injectable for tests). */
export interface THostSources {
  /** Percent of CPU time busy since the previous call (the first call: since boot). */
  cpuLoadPct(): Promise<number | undefined>;
  memory(): Promise<{ totalBytes?: number; usedBytes?: number }>;
  /** Use of the filesystem mounted at `mount`, as df's Use%; rejects when nothing is mounted there. */
  diskUsedPct(mount: string): Promise<number | undefined>;
  cpuTempC(): Promise<number | undefined>;
}

export interface TLinuxHostOptions {
  /** Roots of procfs and sysfs; tests point them at fixture trees. */
  procDir?: string;
  sysDir?: string;
}

/** Mount points in /proc/self/mounts (the kernel writes a space in a path as \040). */
function mountPoints(text: string): Set<string> {
  return new Set(text.split("\n").flatMap((line) => line.split(" ")[1]?.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(Number.parseInt(octal, 8))) ?? []));
}

/**
 * The host read from procfs, sysfs and statfs(2): no child process, no shell. /proc files are
 * read synchronously (the kernel renders them in memory; they cannot hang); statfs and the
 * sensor files go through libuv's pool, so a dead network mount or a slow sensor costs only its
 * own measurement's deadline.
 */
export function createLinuxHostSources(options: TLinuxHostOptions = {}): THostSources {
  const procDir = options.procDir ?? "/proc";
  const readProc = (file: string) => readFileSync(path.join(procDir, file), "utf8");
  let previousCpu: TCpuTimes = { busy: 0, total: 0 };
  return {
    async cpuLoadPct() {
      const current = parseProcStatCpu(readProc("stat"));
      if (!current) return undefined;
      const pct = cpuLoadPctBetween(previousCpu, current);
      previousCpu = current;
      return pct;
    },
    async memory() {
      return parseMeminfo(readProc("meminfo"));
    },
    async diskUsedPct(mount) {
      // A path that is not a mount point would report its parent filesystem: say so instead.
      if (mount !== "/" && !mountPoints(readProc("self/mounts")).has(mount)) throw new Error(`no filesystem is mounted at ${mount}`);
      // The callback API: node:fs/promises costs the agent about 0.9 MB of RSS to load.
      const fs = await new Promise<StatsFs>((resolve, reject) => statfs(mount, (error, stats) => (error ? reject(error) : resolve(stats))));
      // As df: used blocks over what a user could have (used + available to non-root).
      const used = fs.blocks - fs.bfree;
      const usable = used + fs.bavail;
      return usable > 0 ? Math.round((used / usable) * 10_000) / 100 : undefined;
    },
    cpuTempC: createCpuTemperatureReader(options.sysDir ?? "/sys"),
  };
}
