import type { TRigReading } from "@rigshift/protocol";
import type { HardwareBackend, TInventory, TProbeProblem, TSnapshot } from "../backend";
import { createHostProbe, type TSystemInformation } from "../host/probe";
import { gpusToDevices, gpusToInventory } from "../nvidia/map";
import { createNvidiaSmiProbe } from "../nvidia/run";
import type { TGpuInfo } from "../nvidia/types";
import { sumKnown } from "../util/measure";
import { sanitizeRigReading } from "../util/sanitize";

export interface TNvidiaRigBackendOptions {
  /** nvidia-smi executable; default "nvidia-smi" from PATH. */
  nvidiaSmiPath?: string;
  /** Deadline for one nvidia-smi run, ms. */
  timeoutMs?: number;
  /** Deadline for each host measurement (load, memory, disk, CPU temperature), ms. */
  hostTimeoutMs?: number;
  /** Filesystem reported as diskUsedPct. */
  diskMount?: string;
  /** Signal for a hung nvidia-smi; tests set one a fake can ignore. */
  killSignal?: NodeJS.Signals;
  /** Host measurements source; tests may pass a fake. */
  system?: TSystemInformation;
  now?: () => number;
}

export interface NvidiaRigBackend extends HardwareBackend {
  /** When each probe last gave a good reading, unix ms (undefined: never). */
  freshness(): { nvidiaSmiAt?: number; hostAt?: number };
}

const NO_GPU_MODEL = "NVIDIA GPU (none found)";

/** A GPU rig: GPUs through nvidia-smi, the host through procfs, sysfs and statfs. */
export function createNvidiaRigBackend(options: TNvidiaRigBackendOptions = {}): NvidiaRigBackend {
  const now = options.now ?? Date.now;
  const nvidiaSmi = createNvidiaSmiProbe({
    path: options.nvidiaSmiPath,
    timeoutMs: options.timeoutMs,
    killSignal: options.killSignal,
    now,
  });
  const host = createHostProbe({ timeoutMs: options.hostTimeoutMs, diskMount: options.diskMount, system: options.system, now });
  let previousByUuid = new Map<string, TGpuInfo>();
  let hostAt: number | undefined;

  async function read(): Promise<TSnapshot> {
    const [gpus, hostResult] = await Promise.all([nvidiaSmi.run(), host.read()]);
    const problems: TProbeProblem[] = [...hostResult.problems];
    if (hostResult.problems.length === 0) hostAt = now();

    const rig: TRigReading = { ...hostResult.reading };
    let devices: TSnapshot["devices"] = [];
    if (gpus.ok) {
      const readings = gpusToDevices(gpus.report.gpus, previousByUuid);
      devices = readings.devices;
      problems.push(...readings.problems);
      previousByUuid = new Map(gpus.report.gpus.flatMap((gpu) => (gpu.uuid ? [[gpu.uuid, gpu] as const] : [])));
      // No PDU on this path: rig power is the GPUs' sum, and only when every GPU reports it.
      const powers = gpus.report.gpus.map((gpu) => gpu.powerDrawW);
      if (powers.length > 0 && powers.every((watts) => watts !== undefined)) rig.powerW = sumKnown(powers);
    } else {
      problems.push(gpus.problem);
    }
    const checkedRig = sanitizeRigReading(rig, "rig");
    return { rig: checkedRig.value, devices, problems: [...problems, ...checkedRig.problems] };
  }

  return {
    name: "nvidia-rig",
    async inventory(): Promise<TInventory> {
      const result = await nvidiaSmi.run();
      // Inventory is what the rig is, not what it does now: a stuck nvidia-smi can be
      // answered from the last report that worked.
      const gpus = result.ok ? result.report.gpus : (nvidiaSmi.lastGood()?.report.gpus ?? []);
      return gpus.length > 0 ? gpusToInventory(gpus).inventory : { kind: "GPU_RIG", model: NO_GPU_MODEL, devices: [] };
    },
    async read() {
      try {
        return await read();
      } catch (error) {
        // Nothing above should throw; if it does, the agent still gets a snapshot.
        return { rig: {}, devices: [], problems: [{ source: "nvidia-rig", kind: "error", message: `read failed: ${String(error)}` }] };
      }
    },
    freshness: () => ({ nvidiaSmiAt: nvidiaSmi.lastGood()?.at, hostAt }),
  };
}
