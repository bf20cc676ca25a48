import { describe, expect, it } from "vitest";
import { gpusToDevices, gpusToInventory, gpuToDeviceReading } from "./map";
import type { TGpuInfo } from "./types";

const gpu = (overrides: Partial<TGpuInfo>): TGpuInfo => ({ uuid: "GPU-a", name: "NVIDIA GeForce RTX 3070", ...overrides });

describe("gpuToDeviceReading", () => {
  it("maps names with units onto the protocol's fields, leaving unknowns out", () => {
    expect(gpuToDeviceReading(gpu({ powerDrawW: 120.5, powerLimitW: 130, graphicsClockMhz: 1500, memClockMhz: 7000, utilGpuPct: 99, throttleReasons: [] }), 3)).toEqual({
      index: 3,
      kind: "GPU",
      uuid: "GPU-a",
      model: "NVIDIA GeForce RTX 3070",
      powerW: 120.5,
      powerLimitW: 130,
      coreClockMhz: 1500,
      memClockMhz: 7000,
      utilPct: 99,
      throttleReasons: [],
    });
  });

  it.each([
    [3, 5, 2],
    [5, 1, 1], // counter reset by a driver reload: all of the new count is new
    [undefined, 4, undefined], // no previous reading: "new" is unknown
    [2, undefined, undefined],
  ])("ECC errors since the previous reading: %s -> %s gives %s", (before, now, expected) => {
    const previous = before === undefined ? undefined : gpu({ eccUncorrectedVolatile: before });
    expect(gpuToDeviceReading(gpu({ eccUncorrectedVolatile: now }), 0, previous).errors).toBe(expected);
  });

  it("reports the lifetime ECC count where there is one", () => {
    expect(gpuToDeviceReading(gpu({ eccUncorrectedVolatile: 1, eccUncorrectedAggregate: 7 }), 0).eccUncorrected).toBe(7);
    expect(gpuToDeviceReading(gpu({ eccUncorrectedVolatile: 1 }), 0).eccUncorrected).toBe(1);
  });
});

describe("gpusToDevices", () => {
  it("looks up the previous reading by uuid", () => {
    const previous = new Map([["GPU-b", gpu({ uuid: "GPU-b", eccUncorrectedVolatile: 1 })]]);
    const { devices } = gpusToDevices([gpu({ eccUncorrectedVolatile: 9 }), gpu({ uuid: "GPU-b", eccUncorrectedVolatile: 4 })], previous);
    expect(devices.map((device) => device.errors)).toEqual([undefined, 3]);
  });

  it("drops a value the protocol rejects and says so", () => {
    const { devices, problems } = gpusToDevices([gpu({ tempC: 511, powerDrawW: 100 })]);
    expect(devices[0]).not.toHaveProperty("tempC");
    expect(devices[0]?.powerW).toBe(100);
    expect(problems).toEqual([{ source: "nvidia-smi", kind: "unparseable", message: "GPU 0: tempC=511 is outside what the protocol accepts, dropped" }]);
  });
});

describe("gpusToInventory", () => {
  it("names the rig after its most common GPU", () => {
    const { inventory } = gpusToInventory([
      gpu({ name: "NVIDIA GeForce RTX 3060" }),
      gpu({ name: "NVIDIA GeForce RTX 3070", vramTotalMb: 8192 }),
      gpu({ name: "NVIDIA GeForce RTX 3070" }),
    ]);
    expect(inventory.model).toBe("NVIDIA GeForce RTX 3070");
    expect(inventory.devices[1]).toEqual({ index: 1, kind: "GPU", uuid: "GPU-a", model: "NVIDIA GeForce RTX 3070", vramMb: 8192 });
  });
});
