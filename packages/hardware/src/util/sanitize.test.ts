import { ZDeviceReading, ZRigReading } from "@rigshift/protocol";
import { describe, expect, it } from "vitest";
import { sanitizeDeviceReading, sanitizeRigReading } from "./sanitize";

describe("sanitizeDeviceReading", () => {
  it("keeps valid fields and drops out-of-range ones with a problem each", () => {
    const { value, problems } = sanitizeDeviceReading({ index: 2, kind: "GPU", tempC: 400, powerW: 210.5, fanPct: 130, utilPct: 99 }, "nvidia-smi");
    expect(value).toEqual({ index: 2, kind: "GPU", powerW: 210.5, utilPct: 99 });
    expect(ZDeviceReading.safeParse(value).success).toBe(true);
    expect(problems.map((problem) => problem.message)).toEqual([
      "GPU 2: tempC=400 is outside what the protocol accepts, dropped",
      "GPU 2: fanPct=130 is outside what the protocol accepts, dropped",
    ]);
    expect(problems.every((problem) => problem.kind === "unparseable" && problem.source === "nvidia-smi")).toBe(true);
  });

  it("drops a non-integer where the protocol wants an integer", () => {
    const { value, problems } = sanitizeDeviceReading({ index: 0, kind: "GPU", vramUsedMb: 10.5 }, "x");
    expect(value.vramUsedMb).toBeUndefined();
    expect(problems).toHaveLength(1);
  });
});

describe("sanitizeRigReading", () => {
  it("passes a valid reading untouched", () => {
    const reading = { powerW: 1051, hashrateHs: 5.9e13, cpuLoadPct: 3 };
    const { value, problems } = sanitizeRigReading(reading, "x");
    expect(value).toEqual(reading);
    expect(problems).toEqual([]);
    expect(ZRigReading.safeParse(value).success).toBe(true);
  });
});
