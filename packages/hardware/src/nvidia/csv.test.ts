import { ZDeviceReading } from "@rigshift/protocol";
import { describe, expect, it } from "vitest";
import { fixtureFiles, fixtureText } from "../test-support/fixtures";
import { parseNvidiaSmiCsv, queryFieldsFromCommand } from "./csv";
import { gpusToDevices } from "./map";
import { throttleReasonsFromMask } from "./throttle";
import type { TGpuInfo } from "./types";
import { UnparseableOutputError } from "./types";

const CSV_FILES = fixtureFiles("nvidia-smi-csv", ".csv");
const commandOf = (file: string) => fixtureText(`${file}.cmd`);
const fieldsOf = (file: string) => queryFieldsFromCommand(commandOf(file)) as string[];
const exporter = (model: string, driver: string, phase: "idle" | "load") => `nvidia_gpu_exporter__linux-x86_64__${model}__${driver}__${phase}__query-gpu.csv`;

/** The same output as nvidia-smi would print it with `--format=csv,noheader,nounits`. */
function withoutHeaderAndUnits(text: string): string {
  return text
    .split("\n")
    .slice(1)
    .map((line) => line.replace(/ (MiB|%|W|MHz|us)(?=,|$)/g, ""))
    .join("\n");
}

describe("parseNvidiaSmiCsv: every capture", () => {
  it("finds all 12 captures, each with its command line", () => {
    expect(CSV_FILES).toHaveLength(12);
    for (const file of CSV_FILES) expect(commandOf(file)).toMatch(/^nvidia-smi .*--format=csv/);
  });

  it.each(CSV_FILES)("%s parses, with or without the query list, into valid readings", (file) => {
    const text = fixtureText(file);
    const report = parseNvidiaSmiCsv(text);
    expect(report.gpus.length).toBe(text.trim().split("\n").length - 1);
    expect(parseNvidiaSmiCsv(text, fieldsOf(file))).toEqual(report);
    for (const gpu of report.gpus) expect(gpu.uuid).toMatch(/^GPU-[0-9a-f-]{36}$/);
    const { devices, problems } = gpusToDevices(report.gpus);
    expect(problems).toEqual([]);
    for (const device of devices) expect(ZDeviceReading.parse(device)).toEqual(device);
  });

  it.each(CSV_FILES)("%s: the noheader,nounits form gives the same GPUs", (file) => {
    const text = fixtureText(file);
    expect(parseNvidiaSmiCsv(withoutHeaderAndUnits(text), fieldsOf(file))).toEqual(parseNvidiaSmiCsv(text));
  });

  it.each(CSV_FILES.filter((file) => fieldsOf(file).includes("clocks_event_reasons.active")))("%s: per-reason columns agree with the active bit mask", (file) => {
    const text = fixtureText(file);
    const header = (text.split("\n")[0] as string).split(", ");
    const mask = text.split("\n")[1]?.split(", ")[header.indexOf("clocks_event_reasons.active")];
    expect(parseNvidiaSmiCsv(text).gpus[0]?.throttleReasons).toEqual(throttleReasonsFromMask(mask));
  });
});

type TRow = [file: string, gpuIndex: number, driver: string | undefined, expected: Partial<TGpuInfo>];

// Values read off the capture files by hand.
const TABLE: TRow[] = [
  [
    "a0s-exporter__nvidia-smi-1.csv",
    0,
    undefined,
    {
      uuid: "GPU-d86c351b-8f94-33ab-3b97-accb421fef6d",
      vramUsedMb: 754,
      utilGpuPct: 100,
      tempC: 71,
      powerDrawW: 217.24,
      smClockMhz: 1949,
    },
  ],
  [
    "a0s-exporter__nvidia-smi-2.csv",
    0,
    undefined,
    {
      fanPct: 63,
      tempC: 73,
      powerDrawW: 213.07,
      powerLimitW: 216,
      utilGpuPct: 100,
      utilMemPct: 87,
      vramUsedMb: 754,
      vramTotalMb: 8119,
      graphicsClockMhz: 1987,
      smClockMhz: 1987,
      memClockMhz: 5130,
    },
  ],
  ["a0s-exporter__nvidia-smi-2.csv", 1, undefined, { vramTotalMb: 4043, powerDrawW: 187.04, fanPct: 81 }],
  [
    exporter("nvidia-geforce-rtx-2080-super", "595.71.05", "idle"),
    0,
    "595.71.05",
    {
      name: "NVIDIA GeForce RTX 2080 SUPER",
      busId: "00000000:0C:00.0",
      fanPct: 38,
      pstate: "P8",
      vramTotalMb: 8192,
      vramUsedMb: 214,
      tempC: 40,
      powerDrawW: 39.32,
      powerLimitW: 250,
      graphicsClockMhz: 765,
      memClockMhz: 810,
      throttleReasons: ["sw_power_cap"],
    },
  ],
  [exporter("nvidia-geforce-rtx-2080-super", "610.57.04", "load"), 0, "610.57.04", { powerDrawW: 98.14, tempC: 38, pstate: "P2" }],
  [
    exporter("nvidia-geforce-rtx-4080-super", "595.71.05", "load"),
    0,
    "595.71.05",
    {
      name: "NVIDIA GeForce RTX 4080 SUPER",
      powerDrawW: 84.24,
      powerLimitW: 320,
      vramTotalMb: 16376,
      vramUsedMb: 1474,
      tempC: 46,
      graphicsClockMhz: 2805,
      memClockMhz: 11251,
      utilGpuPct: 7,
    },
  ],
  [
    exporter("nvidia-h100-80gb-hbm3", "590.48.01", "load"),
    0,
    "590.48.01",
    {
      name: "NVIDIA H100 80GB HBM3",
      powerDrawW: 631.95,
      powerLimitW: 700,
      tempC: 59,
      memTempC: 54,
      vramTotalMb: 81559,
      vramUsedMb: 19818,
      utilGpuPct: 100,
      migMode: "Disabled",
      eccUncorrectedVolatile: 0,
      eccUncorrectedAggregate: 0,
      throttleReasons: [],
    },
  ],
  [exporter("nvidia-h100-mig", "590.48.01", "idle"), 0, "590.48.01", { migMode: "Enabled", powerDrawW: 71.15, throttleReasons: ["gpu_idle"] }],
];

describe("parseNvidiaSmiCsv: values", () => {
  it.each(TABLE)("%s GPU %i (driver %s)", (file, gpuIndex, driver, expected) => {
    const report = parseNvidiaSmiCsv(fixtureText(`nvidia-smi-csv/${file}`));
    expect(report.driverVersion).toBe(driver);
    expect(report.gpus[gpuIndex]).toMatchObject(expected);
  });

  it("turns N/A, [N/A] and deprecated fields into undefined", () => {
    const idle = parseNvidiaSmiCsv(fixtureText(`nvidia-smi-csv/${exporter("nvidia-geforce-rtx-2080-super", "595.71.05", "idle")}`)).gpus[0];
    // temperature.memory is "N/A", mig.mode.current and the ECC totals "[N/A]".
    expect(idle?.memTempC).toBeUndefined();
    expect(idle?.migMode).toBeUndefined();
    expect(idle?.eccUncorrectedVolatile).toBeUndefined();
    expect(idle?.retiredPages).toBeUndefined();
    const h100 = parseNvidiaSmiCsv(fixtureText(`nvidia-smi-csv/${exporter("nvidia-h100-mig", "590.48.01", "load")}`)).gpus[0];
    expect(h100?.fanPct).toBeUndefined();
    expect(h100?.utilGpuPct).toBeUndefined();
  });
});

describe("parseNvidiaSmiCsv: bad input", () => {
  it("needs the query list when there is no header", () => {
    expect(() => parseNvidiaSmiCsv("GPU-1, 754, 100\n")).toThrow(UnparseableOutputError);
  });

  it("rejects a row whose field count does not match", () => {
    expect(() => parseNvidiaSmiCsv("uuid, memory.used [MiB]\nGPU-1, 754 MiB, 3\n")).toThrow("has 3 fields, expected 2");
  });

  it("reads an empty output as no GPUs", () => {
    expect(parseNvidiaSmiCsv("\n")).toEqual({ gpus: [] });
  });
});
