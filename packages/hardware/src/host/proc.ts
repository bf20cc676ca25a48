/**
 * Pure parsers of the kernel's text files the host probe reads. Anything odd (a missing line, a
 * field that is not a number) gives `undefined`, never 0 or NaN.
 */

/** Jiffies of all CPUs together since boot, from the "cpu " line of /proc/stat. */
export interface TCpuTimes {
  busy: number;
  total: number;
}

/**
 * /proc/stat's first line: `cpu user nice system idle iowait irq softirq steal guest guest_nice`.
 * Busy is everything but idle and iowait; guest time is already counted in user and nice.
 * Kernels before 2.6.11 give fewer columns: the missing ones count as 0.
 */
export function parseProcStatCpu(text: string): TCpuTimes | undefined {
  const line = text.split("\n", 1)[0] ?? "";
  const fields = line.trim().split(/\s+/);
  if (fields[0] !== "cpu" || fields.length < 5) return undefined;
  const numbers = fields.slice(1, 9).map(Number);
  if (!numbers.every((value) => Number.isInteger(value) && value >= 0)) return undefined;
  const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] = numbers;
  const busy = user + nice + system + irq + softirq + steal;
  return { busy, total: busy + idle + iowait };
}

/** Percent of CPU time busy between two readings; undefined when no time passed or the counters went back. */
export function cpuLoadPctBetween(previous: TCpuTimes, current: TCpuTimes): number | undefined {
  const total = current.total - previous.total;
  const busy = current.busy - previous.busy;
  if (total <= 0 || busy < 0 || busy > total) return undefined;
  return Math.round((busy / total) * 10_000) / 100;
}

/**
 * Memory from /proc/meminfo, bytes. Used is what `free` calls used: total minus MemAvailable
 * (memory in use, not counting reclaimable cache). Kernels before 3.14 have no MemAvailable:
 * free + buffers + page cache stands in for it there.
 */
export function parseMeminfo(text: string): { totalBytes?: number; usedBytes?: number } {
  const kib = new Map<string, number>();
  for (const line of text.split("\n")) {
    const match = /^(\w+(?:\(\w+\))?):\s+(\d+)(?: kB)?$/.exec(line.trim());
    if (match) kib.set(match[1] as string, Number(match[2]) * 1024);
  }
  const total = kib.get("MemTotal");
  if (total === undefined || total <= 0) return {};
  const free = kib.get("MemFree");
  const available = kib.get("MemAvailable") ?? (free === undefined ? undefined : free + (kib.get("Buffers") ?? 0) + (kib.get("Cached") ?? 0));
  if (available === undefined) return { totalBytes: total };
  return { totalBytes: total, usedBytes: Math.max(0, total - Math.min(available, total)) };
}
