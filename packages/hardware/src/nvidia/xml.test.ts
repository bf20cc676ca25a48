import { ZDeviceReading } from "@rigshift/protocol";
import { describe, expect, it } from "vitest";
import { fixtureFiles, fixtureText } from "../test-support/fixtures";
import { gpusToDevices } from "./map";
import type { TGpuInfo } from "./types";
import { UnparseableOutputError } from "./types";
import { parseNvidiaSmiXml } from "./xml";

const XML_FILES = fixtureFiles("nvidia-smi-xml", ".xml");
const parse = (name: string) => parseNvidiaSmiXml(fixtureText(`nvidia-smi-xml/${name}`));

describe("parseNvidiaSmiXml: every capture", () => {
  it("finds all 16 captures", () => {
    expect(XML_FILES).toHaveLength(16);
  });

  it.each(XML_FILES)("%s parses into GPUs that the protocol accepts", (file) => {
    const report = parseNvidiaSmiXml(fixtureText(file));
    expect(report.gpus.length).toBeGreaterThan(0);
    for (const gpu of report.gpus) {
      expect(gpu.name).toMatch(/\S/);
      expect(gpu.uuid).toMatch(/^GPU-[0-9a-f-]{36}$/);
      // No NaN or 0-for-unknown sneaks through: every number is finite.
      for (const value of Object.values(gpu)) if (typeof value === "number") expect(Number.isFinite(value)).toBe(true);
    }
    const { devices, problems } = gpusToDevices(report.gpus);
    expect(problems).toEqual([]);
    for (const device of devices) expect(ZDeviceReading.parse(device)).toEqual(device);
  });
});

type TRow = [file: string, gpuIndex: number, driver: string | undefined, expected: Partial<TGpuInfo>];

// Values read off the capture files by hand.
const TABLE: TRow[] = [
  [
    "a0s-exporter__nvidia-smi-3.xml",
    0,
    "460.27.04",
    {
      name: "GeForce GTX 1080",
      uuid: "GPU-683c6e09-3969-31a5-b7ca-cc88252b7fce",
      busId: "00000000:01:00.0",
      vramTotalMb: 8116,
      vramUsedMb: 2900,
      powerDrawW: 211.86,
      powerLimitW: 216,
      tempC: 67,
      fanPct: 53,
      utilGpuPct: 100,
      graphicsClockMhz: 1784,
      smClockMhz: 1784,
      memClockMhz: 5514,
      pstate: "P2",
      throttleReasons: ["sw_power_cap"],
    },
  ],
  ["a0s-exporter__nvidia-smi-3.xml", 1, "460.27.04", { vramTotalMb: 8119, powerDrawW: 211.06, tempC: 70, fanPct: 58 }],
  [
    "a0s-exporter__nvidia-smi-4.xml",
    0,
    "418.56",
    {
      name: "Quadro P2000",
      vramTotalMb: 5059,
      vramUsedMb: 319,
      powerDrawW: 20.32,
      powerLimitW: 75,
      tempC: 62,
      fanPct: 61,
    },
  ],
  [
    "openpai__nvidia_smi_sample.xml",
    0,
    "384.66",
    {
      name: "GeForce GTX 1070",
      vramTotalMb: 8112,
      vramUsedMb: 2028,
      powerDrawW: 119.47,
      powerLimitW: 180,
      tempC: 60,
      fanPct: 41,
      utilGpuPct: 100,
      utilMemPct: 99,
    },
  ],
  ["openpai__nvidia_smi_sample.xml", 1, "384.66", { vramUsedMb: 4057, powerDrawW: 139.3, tempC: 59 }],
  [
    "openpai__nvidia_smi_sample_ecc_unsupported.xml",
    0,
    "410.73",
    {
      name: "GeForce RTX 2080 Ti",
      powerDrawW: 2.12,
      powerLimitW: 250,
      tempC: 24,
      pstate: "P8",
      throttleReasons: ["gpu_idle"],
    },
  ],
  ["openpai__nvidia_smi_sample_ecc_unsupported.xml", 1, "410.73", { powerDrawW: 19.11, throttleReasons: ["sw_power_cap"] }],
  [
    "telegraf__a100-sxm4-v12.xml",
    0,
    "535.54.03",
    {
      name: "NVIDIA A100-SXM4-80GB",
      vramTotalMb: 81920,
      vramUsedMb: 50,
      powerDrawW: 67.03,
      powerLimitW: 500,
      tempC: 27,
      memTempC: 44,
      migMode: "Enabled",
      eccUncorrectedVolatile: 0,
      eccUncorrectedAggregate: 0,
      throttleReasons: [],
    },
  ],
  ["telegraf__a10g.xml", 0, "515.105.01", { name: "NVIDIA A10G", powerDrawW: 25.58, powerLimitW: 300, tempC: 17 }],
  ["telegraf__gtx-1070-ti.xml", 0, undefined, { name: "GeForce GTX 1070 Ti", vramTotalMb: 4096, vramUsedMb: 42, tempC: 39, fanPct: 100 }],
  ["telegraf__gtx-1660-ti.xml", 0, "418.43", { name: "Graphics Device", powerDrawW: 8.93, powerLimitW: 130, tempC: 40 }],
  ["telegraf__quadro-p2000-v12.xml", 0, "525.125.06", { powerDrawW: 4.61, powerLimitW: 75, tempC: 34 }],
  [
    "telegraf__rtx-3060-v12.xml",
    0,
    "570.124.04",
    {
      name: "NVIDIA GeForce RTX 3060",
      vramTotalMb: 12288,
      vramUsedMb: 116,
      powerDrawW: 11.6,
      powerLimitW: 170,
      tempC: 42,
    },
  ],
  ["telegraf__rtx-3080-v12.xml", 0, "536.40", { vramTotalMb: 10240, vramUsedMb: 1128, powerDrawW: 22.78, powerLimitW: 336, utilMemPct: 37 }],
  [
    "telegraf__rtx-3080-v13.xml",
    0,
    "595.58.03",
    {
      name: "NVIDIA GeForce RTX 3080",
      vramTotalMb: 10240,
      vramUsedMb: 9184,
      powerDrawW: 139.62,
      powerLimitW: 320,
      tempC: 27,
      utilGpuPct: 65,
      utilMemPct: 9,
      graphicsClockMhz: 1950,
      memClockMhz: 9251,
      pstate: "P2",
      fanPct: 0,
      throttleReasons: [],
    },
  ],
  ["telegraf__rtx-3090-v12.xml", 0, "525.147.05", { vramTotalMb: 24576, powerDrawW: 27.23, powerLimitW: 200, graphicsClockMhz: 0 }],
  ["telegraf__rtx-4000-sff-ada-v13.xml", 0, "595.84", { vramTotalMb: 20475, vramUsedMb: 3534, powerDrawW: 8.81, powerLimitW: 70, fanPct: 30 }],
  [
    "telegraf__tesla-t4.xml",
    0,
    "515.105.01",
    {
      name: "Tesla T4",
      vramTotalMb: 15360,
      vramUsedMb: 1032,
      powerDrawW: 26.78,
      powerLimitW: 70,
      tempC: 40,
      retiredPages: 0,
      eccUncorrectedAggregate: 0,
    },
  ],
];

describe("parseNvidiaSmiXml: values", () => {
  it.each(TABLE)("%s GPU %i (driver %s)", (file, gpuIndex, driver, expected) => {
    const report = parse(file);
    expect(report.driverVersion).toBe(driver);
    expect(report.gpus[gpuIndex]).toMatchObject(expected);
  });

  it("reads the CUDA version where the driver prints one", () => {
    expect(parse("telegraf__rtx-3080-v13.xml").cudaVersion).toBe("13.2");
    expect(parse("openpai__nvidia_smi_sample.xml").cudaVersion).toBeUndefined();
  });

  it("keeps only the <gpu> blocks present, whatever attached_gpus says", () => {
    expect(parse("openpai__nvidia_smi_sample.xml").gpus).toHaveLength(2);
    expect(parse("telegraf__a100-sxm4-v12.xml").gpus).toHaveLength(1);
  });
});

describe("parseNvidiaSmiXml: absent values are undefined, never 0", () => {
  it.each([
    ["telegraf__a100-sxm4-v12.xml", ["fanPct", "utilGpuPct", "utilMemPct", "retiredPages"]],
    ["telegraf__gtx-1070-ti.xml", ["powerDrawW", "powerLimitW", "memTempC", "throttleReasons"]],
    ["telegraf__quadro-p400.xml", ["powerDrawW", "powerLimitW", "memTempC"]],
    ["telegraf__tesla-t4.xml", ["fanPct", "memTempC"]],
    ["telegraf__rtx-3080-v13.xml", ["memTempC", "eccUncorrectedVolatile", "retiredPages", "migMode"]],
    ["openpai__nvidia_smi_sample.xml", ["eccUncorrectedVolatile", "eccUncorrectedAggregate", "memTempC", "migMode"]],
  ] as const)("%s: %j", (file, fields) => {
    const gpu = parse(file).gpus[0] as TGpuInfo;
    for (const field of fields) expect(gpu[field as keyof TGpuInfo], field).toBeUndefined();
  });

  it("drops a deprecated or N/A value in a reading too", () => {
    const { devices } = gpusToDevices(parse("telegraf__quadro-p400.xml").gpus);
    expect(devices[0]).not.toHaveProperty("powerW");
    expect(devices[0]).not.toHaveProperty("powerLimitW");
    expect(devices[0]).toMatchObject({ kind: "GPU", tempC: 33, model: "Quadro P400" });
  });
});

describe("parseNvidiaSmiXml: not nvidia-smi XML", () => {
  it.each([
    ["garbage", "not XML"],
    ["<nvidia_smi_log><gpu></nvidia_smi_log>", "not XML"],
    ["<html><body>hi</body></html>", "no <nvidia_smi_log>"],
  ])("%j throws UnparseableOutputError", (text, message) => {
    expect(() => parseNvidiaSmiXml(text)).toThrow(UnparseableOutputError);
    expect(() => parseNvidiaSmiXml(text)).toThrow(message);
  });

  it("accepts a log with no GPU", () => {
    expect(parseNvidiaSmiXml("<nvidia_smi_log><driver_version>550.1</driver_version></nvidia_smi_log>")).toEqual({
      driverVersion: "550.1",
      cudaVersion: undefined,
      gpus: [],
    });
  });
});
