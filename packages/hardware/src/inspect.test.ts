import { ZDeviceInventory, ZDeviceReading, ZRigReading } from "@rigshift/protocol";
import { describe, expect, it } from "vitest";
import { inspectCapture } from "./inspect";
import { fixtureText } from "./test-support/fixtures";

describe("inspectCapture", () => {
  it("nvidia-smi XML: inventory, readings and rig power as the agent would send them", () => {
    const result = inspectCapture({ format: "nvidia-smi-xml", text: fixtureText("nvidia-smi-xml/openpai__nvidia_smi_sample.xml") });
    expect(result.inventory.kind).toBe("GPU_RIG");
    expect(result.inventory.model).toBe("GeForce GTX 1070");
    expect(result.inventory.devices.map((device) => device.vramMb)).toEqual([8112, 8114]);
    for (const device of result.inventory.devices) expect(ZDeviceInventory.parse(device)).toEqual(device);
    expect(result.snapshot.devices.map((device) => device.powerW)).toEqual([119.47, 139.3]);
    expect(result.snapshot.rig.powerW).toBeCloseTo(258.77, 6);
    expect(result.snapshot.problems).toEqual([]);
    expect(result.details).toEqual({ format: "nvidia-smi-xml", driverVersion: "384.66", cudaVersion: undefined });
  });

  it("nvidia-smi XML without power readings: no rig power rather than a partial sum", () => {
    const result = inspectCapture({ format: "nvidia-smi-xml", text: fixtureText("nvidia-smi-xml/telegraf__quadro-p400.xml") });
    expect(result.snapshot.rig).toEqual({});
  });

  it("nvidia-smi CSV, headerless with the query list", () => {
    const text = "GPU-20fe89bc-c8ef-5a9f-078e-efa3324d790b, 63, 73, 213.07, 216.00\n";
    const result = inspectCapture({
      format: "nvidia-smi-csv",
      text,
      csvQueryFields: ["uuid", "fan.speed", "temperature.gpu", "power.draw", "power.limit"],
    });
    expect(result.snapshot.devices).toEqual([{ index: 0, kind: "GPU", uuid: "GPU-20fe89bc-c8ef-5a9f-078e-efa3324d790b", fanPct: 63, tempC: 73, powerW: 213.07, powerLimitW: 216 }]);
    expect(result.inventory.model).toBe("NVIDIA GPU (model not reported)");
  });

  it("an unreadable capture is a problem in the snapshot, not an exception", () => {
    const result = inspectCapture({ format: "nvidia-smi-xml", text: "NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver." });
    expect(result.snapshot.devices).toEqual([]);
    expect(result.snapshot.problems).toEqual([expect.objectContaining({ source: "nvidia-smi", kind: "unparseable" })]);
  });

  it.each([
    ["asic/asic-rs/antminer/v2020/summary.json", ["summary"], { hashrateHs: 110566.89e9 }, 0],
    ["asic/check_cgminer/exampleReplyS17Pro.json.raw", ["stats"], { hashrateHs: 50026.55e9 }, 3],
    ["asic/asic-rs/whatsminer/v1/devs.json", ["devs"], undefined, 3],
    ["asic/asic-rs/luxminer/v1/pools.json", ["pools"], {}, 0],
    ["asic/asic-rs/luxminer/v1/version.json", ["version"], {}, 0],
  ] as const)("cgminer capture %s: reports what it contains", (file, replies, rig, boards) => {
    const result = inspectCapture({ format: "cgminer", text: fixtureText(file) });
    expect(result.details.replies).toEqual(replies);
    if (rig) expect(result.snapshot.rig).toEqual(rig);
    expect(result.snapshot.devices).toHaveLength(boards);
    expect(result.inventory.devices).toHaveLength(boards);
    expect(result.snapshot.problems).toEqual([]);
    expect(ZRigReading.parse(result.snapshot.rig)).toEqual(result.snapshot.rig);
    for (const device of result.snapshot.devices) expect(ZDeviceReading.parse(device)).toEqual(device);
  });

  it("cgminer version capture: firmware and model", () => {
    const result = inspectCapture({ format: "cgminer", text: fixtureText("asic/asic-rs/luxminer/v1/version.json") });
    expect(result.details.firmware).toBe("luxos");
    expect(result.details.statuses).toEqual(["S: LUXminer versions"]);
    expect(result.inventory).toEqual({ kind: "ASIC", model: "Antminer S19k Pro", devices: [] });
  });

  it("cgminer pools capture: the pools", () => {
    const result = inspectCapture({ format: "cgminer", text: fixtureText("asic/asic-rs/whatsminer/v2/pools.json") });
    expect(result.details.pools?.map((pool) => [pool.url, pool.accepted, pool.active])).toEqual([
      ["stratum+tcp://btc.example.pool:3333", 5412, true],
      ["stratum+tcp://btc2.example.pool:3333", 0, false],
      ["stratum+tcp://btc3.example.pool:3333", 0, false],
    ]);
  });

  it("Whatsminer's own API reply: flattened for the ticket", () => {
    const result = inspectCapture({ format: "cgminer", text: fixtureText("asic/asic-rs/whatsminer/v2/status.json") });
    expect(result.details).toMatchObject({ replies: ["btminer"], firmware: "whatsminer" });
    expect(result.details.btminer).toMatchObject({ FirmwareVersion: "20240624.18.REL", mineroff: "false", power_limit_set: "3600" });
  });

  it("a stats capture with the }{ bug and a trailing NUL still reads", () => {
    const result = inspectCapture({ format: "cgminer", text: fixtureText("asic/check_cgminer/exampleReplyZ9mini.json.raw") });
    expect(result.inventory.model).toBe("Antminer Z9-Mini");
    expect(result.snapshot.devices.map((device) => device.tempC)).toEqual([54, 53, 56]);
  });

  it("a truncated cgminer capture says so", () => {
    const text = fixtureText("asic/asic-rs/antminer/v2020/stats.json").slice(0, 500);
    const result = inspectCapture({ format: "cgminer", text });
    expect(result.snapshot.problems).toEqual([{ source: "cgminer", kind: "unparseable", message: expect.stringMatching(/^reply truncated: 500 bytes ended/) }]);
  });
});
