import type { TRigReading } from "@rigshift/protocol";
import type { TProbeProblem } from "../backend";
import { singleFlight, withDeadline } from "../util/deadline";
import { toFiniteNumber } from "../util/measure";
import { createLinuxHostSources, type THostSources } from "./linux";

export type { THostSources } from "./linux";
/** The backend's name for the probe's sources, from when they were systeminformation's. */
export type TSystemInformation = THostSources;

const SOURCE = "host";
const MIB = 1024 * 1024;

export interface THostProbeOptions {
  /** Limit per measurement, ms. Each measurement has its own, so one slow one costs only itself. */
  timeoutMs?: number;
  /** The filesystem whose use is reported as diskUsedPct. */
  diskMount?: string;
  /** Where the readings come from: by default procfs, sysfs and statfs (Linux). */
  system?: THostSources;
  now?: () => number;
}

type THostReading = Pick<TRigReading, "cpuLoadPct" | "memUsedMb" | "memTotalMb" | "diskUsedPct" | "cpuTempC">;

export interface HostProbe {
  /** Host readings; what failed is left out and named in `problems`. Never rejects. */
  read(): Promise<{ reading: THostReading; problems: TProbeProblem[] }>;
}

const mib = (bytes: number | undefined) => (bytes === undefined ? undefined : Math.round(bytes / MIB));

export function createHostProbe(options: THostProbeOptions = {}): HostProbe {
  const system = options.system ?? createLinuxHostSources();
  const timeoutMs = options.timeoutMs ?? 2000;
  const diskMount = options.diskMount ?? "/";
  const now = options.now ?? Date.now;

  const measurements: Array<{ name: string; flight: ReturnType<typeof singleFlight<THostReading>> }> = [
    { name: "CPU load", flight: singleFlight(async () => ({ cpuLoadPct: toFiniteNumber(await system.cpuLoadPct()) }), now) },
    {
      name: "memory",
      flight: singleFlight(async () => {
        const memory = await system.memory();
        return { memTotalMb: mib(toFiniteNumber(memory.totalBytes)), memUsedMb: mib(toFiniteNumber(memory.usedBytes)) };
      }, now),
    },
    { name: `disk use of ${diskMount}`, flight: singleFlight(async () => ({ diskUsedPct: toFiniteNumber(await system.diskUsedPct(diskMount)) }), now) },
    {
      name: "CPU temperature",
      // Hosts without sensors (VMs, containers) have none: no reading, not a failure.
      flight: singleFlight(async () => {
        const celsius = toFiniteNumber(await system.cpuTempC());
        return { cpuTempC: celsius !== undefined && celsius > 0 ? celsius : undefined };
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
