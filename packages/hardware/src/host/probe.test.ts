import { describe, expect, it } from "vitest";
import type { THostSources } from "./linux";
import { createHostProbe } from "./probe";

const GIB = 1024 ** 3;
const never = <T>() => new Promise<T>(() => {});

function fakeSources(overrides: Partial<THostSources> = {}): THostSources & { calls: Record<string, number> } {
  const calls: Record<string, number> = {};
  const count =
    <A extends unknown[], T>(name: string, value: (...args: A) => Promise<T>) =>
    (...args: A) => {
      calls[name] = (calls[name] ?? 0) + 1;
      return value(...args);
    };
  return {
    calls,
    cpuLoadPct: count("cpuLoadPct", overrides.cpuLoadPct ?? (async () => 12.5)),
    memory: count("memory", overrides.memory ?? (async () => ({ totalBytes: 16 * GIB, usedBytes: 3 * GIB }))),
    diskUsedPct: count(
      "diskUsedPct",
      overrides.diskUsedPct ?? (async (mount: string) => (mount === "/" ? 41.2 : Promise.reject(new Error(`no filesystem is mounted at ${mount}`)))),
    ),
    cpuTempC: count("cpuTempC", overrides.cpuTempC ?? (async () => 48)),
  };
}

describe("createHostProbe", () => {
  it("reads load, memory in MiB, disk use of the chosen mount and CPU temperature", async () => {
    const { reading, problems } = await createHostProbe({ system: fakeSources() }).read();
    expect(reading).toEqual({ cpuLoadPct: 12.5, memTotalMb: 16384, memUsedMb: 3072, diskUsedPct: 41.2, cpuTempC: 48 });
    expect(problems).toEqual([]);
  });

  it("turns a failure and a timeout into problems and keeps the rest", async () => {
    const system = fakeSources({
      diskUsedPct: async () => {
        throw new Error("EIO: i/o error, statfs '/'");
      },
      cpuLoadPct: never,
    });
    const started = performance.now();
    const { reading, problems } = await createHostProbe({ system, timeoutMs: 100 }).read();
    expect(performance.now() - started).toBeLessThan(1000);
    expect(reading).toEqual({ memTotalMb: 16384, memUsedMb: 3072, cpuTempC: 48 });
    expect(problems).toEqual([
      { source: "host", kind: "timeout", message: "CPU load: no answer within 100 ms" },
      { source: "host", kind: "error", message: "disk use of /: EIO: i/o error, statfs '/'" },
    ]);
  });

  it("does not start a hung measurement again while it is still running", async () => {
    const system = fakeSources({ diskUsedPct: never });
    const probe = createHostProbe({ system, timeoutMs: 50, now: () => Date.UTC(2026, 0, 2, 3, 4, 5) });
    await probe.read();
    const { problems } = await probe.read();
    expect(system.calls.diskUsedPct).toBe(1);
    expect(system.calls.memory).toBe(2);
    expect(problems).toEqual([{ source: "host", kind: "timeout", message: "disk use of /: still running since 2026-01-02T03:04:05.000Z; not started again" }]);
  });

  it("reports no CPU temperature, and no problem, on a host without sensors", async () => {
    for (const cpuTempC of [async () => undefined, async () => -1, async () => Number.NaN]) {
      const { reading, problems } = await createHostProbe({ system: fakeSources({ cpuTempC }) }).read();
      expect(reading).not.toHaveProperty("cpuTempC");
      expect(problems).toEqual([]);
    }
  });

  it("names a missing mount", async () => {
    const { problems } = await createHostProbe({ system: fakeSources(), diskMount: "/data" }).read();
    expect(problems).toEqual([{ source: "host", kind: "error", message: "disk use of /data: no filesystem is mounted at /data" }]);
  });
});
