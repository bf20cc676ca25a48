import type { TDeviceInventory, TDeviceReading } from "@rigshift/protocol";
import type { TInventory, TProbeProblem } from "../backend";
import { sanitizeDeviceInventory, sanitizeDeviceReading } from "../util/sanitize";
import type { TGpuInfo } from "./types";

const SOURCE = "nvidia-smi";

/** Drops undefined fields so a reading carries only what the hardware reported. */
function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as T;
}

/**
 * New uncorrected ECC errors since `previous`. The volatile counter resets when the driver
 * reloads; a drop means a reset, so everything counted now is new. Unknown without a previous
 * reading (the first one after start-up says nothing about "new").
 */
function newEccErrors(gpu: TGpuInfo, previous: TGpuInfo | undefined): number | undefined {
  const now = gpu.eccUncorrectedVolatile;
  const before = previous?.eccUncorrectedVolatile;
  if (now === undefined || before === undefined) return undefined;
  return now >= before ? now - before : now;
}

/** The protocol reading of one GPU. Not yet range-checked: see `gpusToDevices`. */
export function gpuToDeviceReading(gpu: TGpuInfo, index: number, previous?: TGpuInfo): TDeviceReading {
  return defined<TDeviceReading>({
    index,
    kind: "GPU",
    uuid: gpu.uuid,
    model: gpu.name,
    busId: gpu.busId,
    tempC: gpu.tempC,
    memTempC: gpu.memTempC,
    powerW: gpu.powerDrawW,
    powerLimitW: gpu.powerLimitW,
    utilPct: gpu.utilGpuPct,
    memUtilPct: gpu.utilMemPct,
    // MiB, as nvidia-smi counts: the protocol's "Mb" fields are MiB.
    vramTotalMb: gpu.vramTotalMb,
    vramUsedMb: gpu.vramUsedMb,
    fanPct: gpu.fanPct,
    coreClockMhz: gpu.graphicsClockMhz,
    memClockMhz: gpu.memClockMhz,
    // nvidia-smi does not report Xid events; ECC is the hardware error count it does have.
    errors: newEccErrors(gpu, previous),
    eccUncorrected: gpu.eccUncorrectedAggregate ?? gpu.eccUncorrectedVolatile,
    retiredPages: gpu.retiredPages,
    throttleReasons: gpu.throttleReasons,
    pstate: gpu.pstate,
  });
}

export function gpuToInventory(gpu: TGpuInfo, index: number): TDeviceInventory {
  return defined<TDeviceInventory>({
    index,
    kind: "GPU",
    uuid: gpu.uuid,
    model: gpu.name ?? "NVIDIA GPU (model not reported)",
    vramMb: gpu.vramTotalMb,
    powerLimitW: gpu.powerLimitW,
    busId: gpu.busId,
  });
}

/**
 * Readings for all GPUs, checked against the protocol. `previous` holds the last reading of
 * each GPU by uuid (for error deltas).
 */
export function gpusToDevices(gpus: TGpuInfo[], previous: ReadonlyMap<string, TGpuInfo> = new Map()): { devices: TDeviceReading[]; problems: TProbeProblem[] } {
  const problems: TProbeProblem[] = [];
  const devices = gpus.map((gpu, index) => {
    const before = gpu.uuid === undefined ? undefined : previous.get(gpu.uuid);
    const checked = sanitizeDeviceReading(gpuToDeviceReading(gpu, index, before), SOURCE);
    problems.push(...checked.problems);
    return checked.value;
  });
  return { devices, problems };
}

/** The most common model names the rig (ties: the first GPU's). */
function commonModel(names: string[]): string {
  const counts = new Map<string, number>();
  for (const name of names) counts.set(name, (counts.get(name) ?? 0) + 1);
  let best = names[0] ?? "NVIDIA GPU (none found)";
  for (const [name, count] of counts) if (count > (counts.get(best) ?? 0)) best = name;
  return best;
}

export function gpusToInventory(gpus: TGpuInfo[]): { inventory: TInventory; problems: TProbeProblem[] } {
  const problems: TProbeProblem[] = [];
  const devices = gpus.map((gpu, index) => {
    const checked = sanitizeDeviceInventory(gpuToInventory(gpu, index), SOURCE);
    problems.push(...checked.problems);
    return checked.value;
  });
  return { inventory: { kind: "GPU_RIG", model: commonModel(devices.map((device) => device.model)), devices }, problems };
}
