import { ZRigReading } from "@rigshift/protocol";
import { describe, expect, it } from "vitest";
import { createHostProbe, type TSystemInformation } from "./probe";

const GIB = 1024 ** 3;
const never = <T>() => new Promise<T>(() => {});

function fakeSystem(overrides: Partial<TSystemInformation> = {}): TSystemInformation & { calls: Record<string, number> } {
  const calls: Record<string, number> = { currentLoad: 0, mem: 0, fsSize: 0, cpuTemperature: 0 };
  const count =
    <T>(name: string, value: () => Promise<T>) =>
    () => {
      calls[name] = (calls[name] ?? 0) + 1;
      return value();
    };
  return {
    calls,
    currentLoad: count("currentLoad", overrides.currentLoad ?? (async () => ({ currentLoad: 12.5 }))),
    mem: count("mem", overrides.mem ?? (async () => ({ total: 16 * GIB, active: 3 * GIB }))),
    fsSize: count(
      "fsSize",
      overrides.fsSize ??
        (async () => [
          { mount: "/boot", use: 90 },
          { mount: "/", use: 41.2 },
        ]),
    ),
    cpuTemperature: count("cpuTemperature", overrides.cpuTemperature ?? (async () => ({ main: 48 }))),
  };
}

describe("createHostProbe", () => {
  it("reads this host through systeminformation's cpu, memory and filesystem modules", async () => {
    const { reading, problems } = await createHostProbe({ timeoutMs: 10_000 }).read();
    expect(problems).toEqual([]);
    expect(reading.cpuLoadPct).toBeTypeOf("number");
    expect(reading.memTotalMb).toBeGreaterThan(0);
    expect(reading.memUsedMb).toBeGreaterThan(0);
    expect(reading.diskUsedPct).toBeTypeOf("number");
    // CPU temperature only where the host has sensors; a VM or container has none.
    expect(ZRigReading.parse(reading)).toEqual(reading);
  });

  it("reads load, memory in MiB, disk use of the chosen mount and CPU temperature", async () => {
    const { reading, problems } = await createHostProbe({ system: fakeSystem() }).read();
    expect(reading).toEqual({ cpuLoadPct: 12.5, memTotalMb: 16384, memUsedMb: 3072, diskUsedPct: 41.2, cpuTempC: 48 });
    expect(problems).toEqual([]);
    expect(ZRigReading.parse(reading)).toEqual(reading);
  });

  it("turns a failure and a timeout into problems and keeps the rest", async () => {
    const system = fakeSystem({
      fsSize: async () => {
        throw new Error("df: /mnt/nfs: Stale file handle");
      },
      currentLoad: never,
    });
    const started = performance.now();
    const { reading, problems } = await createHostProbe({ system, timeoutMs: 100 }).read();
    expect(performance.now() - started).toBeLessThan(1000);
    expect(reading).toEqual({ memTotalMb: 16384, memUsedMb: 3072, cpuTempC: 48 });
    expect(problems).toEqual([
      { source: "systeminformation", kind: "timeout", message: "CPU load: no answer within 100 ms" },
      { source: "systeminformation", kind: "error", message: "disk use of /: df: /mnt/nfs: Stale file handle" },
    ]);
  });

  it("does not start a hung measurement again while it is still running", async () => {
    const system = fakeSystem({ fsSize: never });
    const probe = createHostProbe({ system, timeoutMs: 50, now: () => Date.UTC(2026, 0, 2, 3, 4, 5) });
    await probe.read();
    const { problems } = await probe.read();
    expect(system.calls.fsSize).toBe(1);
    expect(system.calls.mem).toBe(2);
    expect(problems).toEqual([{ source: "systeminformation", kind: "timeout", message: "disk use of /: still running since 2026-01-02T03:04:05.000Z; not started again" }]);
  });

  it("reports no CPU temperature, and no problem, on a host without sensors", async () => {
    const system = fakeSystem({ cpuTemperature: async () => ({ main: null }) });
    const { reading, problems } = await createHostProbe({ system }).read();
    expect(reading).not.toHaveProperty("cpuTempC");
    expect(problems).toEqual([]);
  });

  it("names a missing mount", async () => {
    const { problems } = await createHostProbe({ system: fakeSystem(), diskMount: "/data" }).read();
    expect(problems).toEqual([{ source: "systeminformation", kind: "error", message: "disk use of /data: no filesystem is mounted at /data" }]);
  });

  it("reads this machine through systeminformation itself", async () => {
    const { reading } = await createHostProbe({ timeoutMs: 5000 }).read();
    expect(reading.memTotalMb).toBeGreaterThan(0);
    expect(ZRigReading.parse(reading)).toEqual(reading);
  });
});
