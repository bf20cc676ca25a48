import type { TInventory, TProbeProblem, TSnapshot } from "./backend";
import { decodeCgminerReply } from "./cgminer/decode";
import type { TFirmware } from "./cgminer/firmware";
import { minerToInventory, minerToReadings } from "./cgminer/map";
import { btminerMessage, collectMinerData } from "./cgminer/miner-data";
import type { TPool } from "./cgminer/pools";
import { repliesByCommand, replyStatus } from "./cgminer/reply";
import { parseNvidiaSmiCsv } from "./nvidia/csv";
import { gpusToDevices, gpusToInventory } from "./nvidia/map";
import type { TNvidiaSmiReport } from "./nvidia/types";
import { parseNvidiaSmiXml } from "./nvidia/xml";
import { sumKnown } from "./util/measure";

export type TCaptureFormat = "nvidia-smi-xml" | "nvidia-smi-csv" | "cgminer";

export interface TInspectInput {
  format: TCaptureFormat;
  /** The captured output, exactly as the tool printed it. */
  text: string;
  /** For `--format=csv,noheader`: the --query-gpu fields, in order. */
  csvQueryFields?: string[];
}

export interface TInspectResult {
  /** What the agent would enrol with. */
  inventory: TInventory;
  /** What the agent would report; problems name what could not be read. */
  snapshot: TSnapshot;
  /** What the capture holds beyond readings, for a support ticket. */
  details: {
    format: TCaptureFormat;
    driverVersion?: string;
    cudaVersion?: string;
    /** cgminer: the commands the capture answers ("summary", "devs", "btminer", ...). */
    replies?: string[];
    firmware?: TFirmware;
    /** cgminer: each reply's status, "S: Summary". */
    statuses?: string[];
    pools?: TPool[];
    fansRpm?: number[];
    /** Whatsminer's own API replies, flattened. */
    btminer?: Record<string, string>;
  };
}

function unreadable(input: TInspectInput, kind: TInventory["kind"], problem: TProbeProblem): TInspectResult {
  const model = kind === "GPU_RIG" ? "NVIDIA GPU (none found)" : "ASIC miner (model not reported)";
  return {
    inventory: { kind, model, devices: [] },
    snapshot: { rig: {}, devices: [], problems: [problem] },
    details: { format: input.format },
  };
}

function inspectNvidia(input: TInspectInput): TInspectResult {
  let report: TNvidiaSmiReport;
  try {
    report = input.format === "nvidia-smi-xml" ? parseNvidiaSmiXml(input.text) : parseNvidiaSmiCsv(input.text, input.csvQueryFields);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return unreadable(input, "GPU_RIG", { source: "nvidia-smi", kind: "unparseable", message });
  }
  const { inventory, problems: inventoryProblems } = gpusToInventory(report.gpus);
  const { devices, problems } = gpusToDevices(report.gpus);
  const powers = report.gpus.map((gpu) => gpu.powerDrawW);
  const allPowerKnown = powers.length > 0 && powers.every((watts) => watts !== undefined);
  return {
    inventory,
    snapshot: { rig: allPowerKnown ? { powerW: sumKnown(powers) } : {}, devices, problems: [...inventoryProblems, ...problems] },
    details: { format: input.format, driverVersion: report.driverVersion, cudaVersion: report.cudaVersion },
  };
}

function inspectCgminer(input: TInspectInput): TInspectResult {
  const decoded = decodeCgminerReply(input.text);
  if (!decoded.ok) return unreadable(input, "ASIC", decoded.problem);
  const replies = repliesByCommand(decoded.value);
  const data = collectMinerData(replies);
  const readings = minerToReadings(data);
  const { inventory, problems: inventoryProblems } = minerToInventory(data);
  const statuses = Object.values(replies)
    .map(replyStatus)
    .flatMap((status) => (status ? [`${status.letter ?? "?"}: ${status.msg ?? ""}`.trim()] : []));
  return {
    inventory,
    snapshot: { rig: readings.rig, devices: readings.devices, problems: [...readings.problems, ...inventoryProblems] },
    details: {
      format: input.format,
      replies: Object.keys(replies),
      firmware: data.firmware,
      statuses,
      pools: data.pools.length > 0 ? data.pools : undefined,
      fansRpm: data.fansRpm.length > 0 ? data.fansRpm : undefined,
      btminer: btminerMessage(replies.btminer),
    },
  };
}

/**
 * What the agent would report from a captured output (`rigshift-agent inspect`, for support
 * tickets): the inventory, a snapshot, and what else the capture holds. Pure; never throws.
 */
export function inspectCapture(input: TInspectInput): TInspectResult {
  return input.format === "cgminer" ? inspectCgminer(input) : inspectNvidia(input);
}
