import { parseMeasure, presentText, sumKnown } from "../util/measure";
import { throttleReasonName, throttleReasonsFromMask } from "./throttle";
import { type TGpuInfo, type TNvidiaSmiReport, UnparseableOutputError } from "./types";

/** A header cell: the query field, then its unit in brackets ("memory.used [MiB]"). */
const HEADER_CELL = /^([A-Za-z0-9_.]+)(?:\s+\[([^\]]+)\])?$/;

/** Units nvidia-smi prints after values (same text as in the header brackets). */
const UNIT_OF: Record<string, string> = {
  "memory.total": "MiB",
  "memory.used": "MiB",
  "utilization.gpu": "%",
  "utilization.memory": "%",
  "fan.speed": "%",
  "power.draw": "W",
  "power.draw.average": "W",
  "power.draw.instant": "W",
  "power.limit": "W",
  "enforced.power.limit": "W",
  "clocks.current.graphics": "MHz",
  "clocks.current.sm": "MHz",
  "clocks.current.memory": "MHz",
};

/** nvidia-smi accepts short aliases for some query fields; reports use the long names. */
const ALIASES: Record<string, string> = {
  gpu_name: "name",
  gpu_uuid: "uuid",
  gpu_bus_id: "pci.bus_id",
  "clocks.gr": "clocks.current.graphics",
  "clocks.sm": "clocks.current.sm",
  "clocks.mem": "clocks.current.memory",
  "retired_pages.sbe": "retired_pages.single_bit_ecc.count",
  "retired_pages.dbe": "retired_pages.double_bit.count",
};

function splitLine(line: string): string[] {
  // nvidia-smi never quotes: fields are separated by ", " and contain no commas.
  return line.split(",").map((cell) => cell.trim());
}

function fieldName(headerCell: string): string {
  const name = HEADER_CELL.exec(headerCell)?.[1] ?? headerCell;
  return ALIASES[name] ?? name;
}

function looksLikeHeader(cells: string[], queryFields: string[] | undefined): boolean {
  if (queryFields) return cells.length === queryFields.length && cells.every((cell, i) => fieldName(cell) === fieldName(queryFields[i] ?? ""));
  // A header names fields: every cell has a letter (a data row of bare numbers does not).
  return cells.every((cell) => HEADER_CELL.test(cell) && /[A-Za-z]/.test(cell));
}

function gpuFromRow(row: ReadonlyMap<string, string>): TGpuInfo {
  const raw = (field: string) => row.get(field);
  const num = (field: string) => parseMeasure(raw(field), UNIT_OF[field]);
  const first = (...fields: string[]) => fields.map(num).find((value) => value !== undefined);

  const reasonColumns = [...row.keys()].filter((key) => throttleReasonName(key) !== undefined);
  const throttleReasons =
    reasonColumns.length > 0
      ? reasonColumns.filter((key) => raw(key) === "Active").map((key) => throttleReasonName(key) as string)
      : throttleReasonsFromMask(raw("clocks_event_reasons.active") ?? raw("clocks_throttle_reasons.active"));

  return {
    uuid: presentText(raw("uuid")),
    name: presentText(raw("name")),
    busId: presentText(raw("pci.bus_id")),
    vramTotalMb: num("memory.total"),
    vramUsedMb: num("memory.used"),
    utilGpuPct: num("utilization.gpu"),
    utilMemPct: num("utilization.memory"),
    tempC: num("temperature.gpu"),
    memTempC: num("temperature.memory"),
    // "power.draw" is the average on drivers that also print average and instant.
    powerDrawW: first("power.draw", "power.draw.average", "power.draw.instant"),
    powerLimitW: first("enforced.power.limit", "power.limit"),
    fanPct: num("fan.speed"),
    graphicsClockMhz: num("clocks.current.graphics"),
    smClockMhz: num("clocks.current.sm"),
    memClockMhz: num("clocks.current.memory"),
    throttleReasons,
    eccUncorrectedVolatile: num("ecc.errors.uncorrected.volatile.total"),
    eccUncorrectedAggregate: num("ecc.errors.uncorrected.aggregate.total"),
    retiredPages: sumKnown([num("retired_pages.single_bit_ecc.count"), num("retired_pages.double_bit.count")]),
    pstate: presentText(raw("pstate")),
    migMode: presentText(raw("mig.mode.current")),
  };
}

/**
 * Parses `nvidia-smi --query-gpu=... --format=csv[,noheader][,nounits]`. With a header the
 * field names come from it; without one, `queryFields` (the --query-gpu list, in order) must
 * be given. Throws UnparseableOutputError when the text does not fit.
 */
export function parseNvidiaSmiCsv(text: string, queryFields?: string[]): TNvidiaSmiReport {
  const lines = text.split(/\r?\n/).filter((line) => line.trim() !== "");
  if (lines.length === 0) return { gpus: [] };
  const firstCells = splitLine(lines[0] as string);
  const hasHeader = looksLikeHeader(firstCells, queryFields);
  if (!hasHeader && !queryFields) {
    throw new UnparseableOutputError("nvidia-smi CSV has no header line and no query field list was given");
  }
  const fields = (hasHeader ? firstCells : (queryFields as string[])).map(fieldName);
  const rows = (hasHeader ? lines.slice(1) : lines).map((line, lineIndex) => {
    const cells = splitLine(line);
    if (cells.length !== fields.length) {
      throw new UnparseableOutputError(`nvidia-smi CSV row ${lineIndex + 1} has ${cells.length} fields, expected ${fields.length}`);
    }
    return new Map(fields.map((field, i) => [field, cells[i] as string]));
  });
  return {
    driverVersion: presentText(rows[0]?.get("driver_version")),
    gpus: rows.map(gpuFromRow),
  };
}

/** The --query-gpu list in a captured command line ("nvidia-smi --query-gpu=a,b --format=csv"). */
export function queryFieldsFromCommand(commandLine: string): string[] | undefined {
  const match = /--query-gpu[= ]([^\s]+)/.exec(commandLine);
  return match?.[1]?.split(",").filter((field) => field !== "");
}
