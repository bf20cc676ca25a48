import { parseMeasure, presentText, sumKnown } from "../util/measure";
import { throttleReasonName } from "./throttle";
import { type TGpuInfo, type TNvidiaSmiReport, UnparseableOutputError } from "./types";
import { readXml, XmlSyntaxError } from "./xml-reader";

type TNode = Record<string, unknown>;

const READ_OPTIONS = {
  arrays: new Set(["nvidia_smi_log.gpu"]),
  // Never read, and most of the report (about 50 kB a GPU): skipped to its end tag.
  skip: new Set(["nvidia_smi_log.gpu.supported_clocks"]),
};

function child(node: unknown, ...path: string[]): unknown {
  let current = node;
  for (const key of path) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as TNode)[key];
  }
  return current;
}

function text(node: unknown, ...path: string[]): string | undefined {
  const value = child(node, ...path);
  if (typeof value === "string") return presentText(value);
  if (typeof value === "number") return String(value);
  return undefined;
}

function measure(node: unknown, unit: string, ...path: string[]): number | undefined {
  return parseMeasure(text(node, ...path), unit);
}

function firstKnown(...values: Array<number | undefined>): number | undefined {
  return values.find((value) => value !== undefined);
}

/** Power: `power_readings` before driver 530ish, `gpu_power_readings` after, with average/instant. */
function power(gpu: TNode): Pick<TGpuInfo, "powerDrawW" | "powerLimitW"> {
  const readings = [child(gpu, "gpu_power_readings"), child(gpu, "power_readings")];
  const pick = (...keys: string[]) => firstKnown(...readings.flatMap((node) => keys.map((key) => measure(node, "W", key))));
  return {
    powerDrawW: pick("power_draw", "average_power_draw", "instant_power_draw"),
    powerLimitW: pick("enforced_power_limit", "current_power_limit", "power_limit"),
  };
}

function throttleReasons(gpu: TNode): string[] | undefined {
  const block = child(gpu, "clocks_event_reasons") ?? child(gpu, "clocks_throttle_reasons");
  if (block === null || typeof block !== "object") return undefined;
  return Object.entries(block as TNode)
    .filter(([, value]) => typeof value === "string" && value.trim() === "Active")
    .map(([key]) => throttleReasonName(key))
    .filter((name): name is string => name !== undefined);
}

/** Uncorrected ECC: `double_bit/total` (schema <= v10) or dram+sram uncorrectable (v11+). */
function eccUncorrected(gpu: TNode, scope: "volatile" | "aggregate"): number | undefined {
  const node = child(gpu, "ecc_errors", scope);
  const count = (key: string) => parseMeasure(text(node, key));
  return firstKnown(
    parseMeasure(text(node, "double_bit", "total")),
    sumKnown([count("dram_uncorrectable"), count("sram_uncorrectable"), count("sram_uncorrectable_parity"), count("sram_uncorrectable_secded")]),
  );
}

function gpuInfo(gpu: TNode): TGpuInfo {
  return {
    uuid: text(gpu, "uuid"),
    name: text(gpu, "product_name"),
    busId: text(gpu, "pci", "pci_bus_id") ?? text(gpu, "@_id"),
    vramTotalMb: measure(gpu, "MiB", "fb_memory_usage", "total"),
    vramUsedMb: measure(gpu, "MiB", "fb_memory_usage", "used"),
    utilGpuPct: measure(gpu, "%", "utilization", "gpu_util"),
    utilMemPct: measure(gpu, "%", "utilization", "memory_util"),
    tempC: measure(gpu, "C", "temperature", "gpu_temp"),
    memTempC: measure(gpu, "C", "temperature", "memory_temp"),
    ...power(gpu),
    fanPct: measure(gpu, "%", "fan_speed"),
    graphicsClockMhz: measure(gpu, "MHz", "clocks", "graphics_clock"),
    smClockMhz: measure(gpu, "MHz", "clocks", "sm_clock"),
    memClockMhz: measure(gpu, "MHz", "clocks", "mem_clock"),
    throttleReasons: throttleReasons(gpu),
    eccUncorrectedVolatile: eccUncorrected(gpu, "volatile"),
    eccUncorrectedAggregate: eccUncorrected(gpu, "aggregate"),
    retiredPages: sumKnown([
      parseMeasure(text(gpu, "retired_pages", "multiple_single_bit_retirement", "retired_count")),
      parseMeasure(text(gpu, "retired_pages", "double_bit_retirement", "retired_count")),
    ]),
    pstate: text(gpu, "performance_state"),
    migMode: text(gpu, "mig_mode", "current_mig"),
  };
}

/** Parses `nvidia-smi -q -x` (DTD nvsmi_device v9..v13). Throws UnparseableOutputError on anything else. */
export function parseNvidiaSmiXml(xml: string): TNvidiaSmiReport {
  let document: unknown;
  try {
    document = readXml(xml, READ_OPTIONS);
  } catch (error) {
    if (error instanceof XmlSyntaxError) throw new UnparseableOutputError(`nvidia-smi output is not XML: ${error.message}`);
    throw error;
  }
  const root = child(document, "nvidia_smi_log");
  if (root === undefined) throw new UnparseableOutputError("nvidia-smi XML has no <nvidia_smi_log> root");
  const gpus = child(root, "gpu");
  return {
    driverVersion: text(root, "driver_version"),
    cudaVersion: text(root, "cuda_version"),
    gpus: Array.isArray(gpus) ? gpus.map((gpu) => gpuInfo(gpu as TNode)) : [],
  };
}
