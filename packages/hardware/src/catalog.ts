/**
 * The product's hardware catalogue: public specs shipped in packages/hardware/catalog
 * (copied from real datasets, see the LICENSE files there). Read at start-up by the seed and
 * the simulator; the agent itself never needs it.
 */
import { readFileSync } from "node:fs";
import { gpuModelKey } from "@rigshift/protocol";

export { gpuModelKey };

const CATALOG_DIR = new URL("../catalog/", import.meta.url);

export interface TGpuSpec {
  name: string;
  boardPowerW: number;
  fp32Tflops?: number;
  fp16Tflops?: number;
  memoryGb?: number;
  source: string;
}

export interface TAsicSpec {
  name: string;
  fullName: string;
  hashrateThs: number;
  powerW: number;
  efficiencyJTh: number;
  priceUsd?: number;
  cooling: string;
}

export interface TGpuMiningRate {
  model: string;
  coin: string;
  hashrateMhs: number;
  powerW: number;
}

/** Splits CSV text into trimmed records, skipping blank lines; handles quoted fields with commas and doubled quotes. */
export function parseCsvRecords(text: string): string[][] {
  return text
    .split(/\r?\n/)
    .filter((line) => line.trim() !== "")
    .map(splitCsvLine);
}

/** One CSV line into trimmed fields. */
export function splitCsvLine(line: string): string[] {
  const out: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted && ch === '"' && line[i + 1] === '"') {
      field += '"';
      i++;
    } else if (ch === '"') quoted = !quoted;
    else if (ch === "," && !quoted) {
      out.push(field.trim());
      field = "";
    } else field += ch;
  }
  out.push(field.trim());
  return out;
}

function readTable(file: string): Record<string, string>[] {
  const [header, ...rows] = parseCsvRecords(readFileSync(new URL(file, CATALOG_DIR), "utf8"));
  if (!header) return [];
  return rows.map((r) => Object.fromEntries(header.map((h, i) => [h.trim(), r[i] ?? ""])));
}

const num = (s: string | undefined) => {
  const n = Number.parseFloat(s ?? "");
  return Number.isFinite(n) ? n : undefined;
};

export function loadGpuSpecs(): TGpuSpec[] {
  return readTable("gpu_specs.csv")
    .filter((r) => r.type === "gpu" && num(r.tdp_watts) !== undefined)
    .map((r) => ({
      name: r.name ?? "",
      boardPowerW: num(r.tdp_watts) ?? 0,
      fp32Tflops: num(r.TFLOPS32),
      fp16Tflops: num(r.TFLOPS16),
      memoryGb: num(r.memory),
      source: r.source ?? "",
    }));
}

export function loadAsicSpecs(): TAsicSpec[] {
  return readTable("asic_specs_2024.csv").map((r) => ({
    name: r.name ?? "",
    fullName: r.fullName ?? "",
    hashrateThs: num(r.hashrate_th_s) ?? 0,
    powerW: num(r.power_w) ?? 0,
    efficiencyJTh: num(r.efficiency_j_per_th) ?? 0,
    priceUsd: num(r.defaultPrice_usd),
    cooling: r.coolingType ?? "",
  }));
}

export function loadGpuMiningRates(): TGpuMiningRate[] {
  return readTable("gpu_mining_hashrates_2022.csv")
    .filter((r) => num(r.hashrate_mhs) !== undefined && num(r.power_w) !== undefined)
    .map((r) => ({ model: r.model ?? "", coin: r.coin ?? "", hashrateMhs: num(r.hashrate_mhs) ?? 0, powerW: num(r.power_w) ?? 0 }));
}

export function findGpuSpec(specs: TGpuSpec[], model: string): TGpuSpec | undefined {
  const key = gpuModelKey(model);
  return specs.find((s) => gpuModelKey(s.name) === key) ?? specs.find((s) => key.startsWith(gpuModelKey(s.name)));
}
