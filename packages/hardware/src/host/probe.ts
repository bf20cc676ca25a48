/// <reference path="./systeminformation-lib.d.ts" />
import type { TRigReading } from "@rigshift/protocol";
// The three modules the probe reads from, not the package's index: that one loads all twenty
// (graphics, network, docker, wifi, bluetooth vendors, …), about 0.8 MB of the agent's RSS.
import * as cpu from "systeminformation/lib/cpu.js";
import * as filesystem from "systeminformation/lib/filesystem.js";
import * as memory from "systeminformation/lib/memory.js";
import type { TProbeProblem } from "../backend";
import { singleFlight, withDeadline } from "../util/deadline";
import { toFiniteNumber } from "../util/measure";

const SOURCE = "systeminformation";
const MIB = 1024 * 1024;

/** The parts of systeminformation the probe uses (injectable for tests). */
export interface TSystemInformation {
  currentLoad(): Promise<{ currentLoad: number }>;
  mem(): Promise<{ total: number; active: number }>;
  fsSize(): Promise<Array<{ mount: string; use: number }>>;
  cpuTemperature(): Promise<{ main: number | null }>;
}

export interface THostProbeOptions {
  /** Limit per measurement, ms. Each measurement has its own, so one slow one costs only itself. */
  timeoutMs?: number;
  /** The filesystem whose use is reported as diskUsedPct. */
  diskMount?: string;
  system?: TSystemInformation;
  now?: () => number;
}

type THostReading = Pick<TRigReading, "cpuLoadPct" | "memUsedMb" | "memTotalMb" | "diskUsedPct" | "cpuTempC">;

export interface HostProbe {
  /** Host readings; what failed is left out and named in `problems`. Never rejects. */
  read(): Promise<{ reading: THostReading; problems: TProbeProblem[] }>;
}

export function createHostProbe(options: THostProbeOptions = {}): HostProbe {
  const system: TSystemInformation = options.system ?? {
    currentLoad: cpu.currentLoad,
    cpuTemperature: cpu.cpuTemperature,
    mem: memory.mem,
    fsSize: filesystem.fsSize,
  };
  const timeoutMs = options.timeoutMs ?? 2000;
  const diskMount = options.diskMount ?? "/";
  const now = options.now ?? Date.now;

  const measurements: Array<{ name: string; flight: ReturnType<typeof singleFlight<THostReading>> }> = [
    {
      name: "CPU load",
      flight: singleFlight(async () => ({ cpuLoadPct: toFiniteNumber((await system.currentLoad()).currentLoad) }), now),
    },
    {
      name: "memory",
      flight: singleFlight(async () => {
        const mem = await system.mem();
        // "active" is memory in use, not counting reclaimable cache.
        const total = toFiniteNumber(mem.total);
        const used = toFiniteNumber(mem.active);
        return {
          memTotalMb: total === undefined ? undefined : Math.round(total / MIB),
          memUsedMb: used === undefined ? undefined : Math.round(used / MIB),
        };
      }, now),
    },
    {
      name: `disk use of ${diskMount}`,
      flight: singleFlight(async () => {
        const disk = (await system.fsSize()).find((entry) => entry.mount === diskMount);
        if (!disk) throw new Error(`no filesystem is mounted at ${diskMount}`);
        return { diskUsedPct: toFiniteNumber(disk.use) };
      }, now),
    },
    {
      name: "CPU temperature",
      // Hosts without sensors (VMs, containers) report null or -1: no reading, not a failure.
      flight: singleFlight(async () => {
        const main = toFiniteNumber((await system.cpuTemperature()).main);
        return { cpuTempC: main !== undefined && main > 0 ? main : undefined };
      }, now),
    },
  ];

  return {
    async read() {
      const outcomes = await Promise.all(
        measurements.map(async ({ name, flight }): Promise<{ part: THostReading; problem?: TProbeProblem }> => {
          const call = flight.call();
          if ("busySince" in call) {
            const since = new Date(call.busySince).toISOString();
            return { part: {}, problem: { source: SOURCE, kind: "timeout", message: `${name}: still running since ${since}; not started again` } };
          }
          const result = await withDeadline(call.work, timeoutMs);
          if (result.status === "done") return { part: result.value };
          if (result.status === "timeout") {
            return { part: {}, problem: { source: SOURCE, kind: "timeout", message: `${name}: no answer within ${timeoutMs} ms` } };
          }
          const reason = result.error instanceof Error ? result.error.message : String(result.error);
          return { part: {}, problem: { source: SOURCE, kind: "error", message: `${name}: ${reason}` } };
        }),
      );
      const reading = Object.fromEntries(outcomes.flatMap(({ part }) => Object.entries(part)).filter(([, value]) => value !== undefined)) as THostReading;
      // In measurement order, whatever order they finished in.
      const problems = outcomes.flatMap(({ problem }) => (problem ? [problem] : []));
      return { reading, problems };
    },
  };
}
