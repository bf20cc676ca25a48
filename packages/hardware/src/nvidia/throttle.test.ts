import { describe, expect, it } from "vitest";
import { throttleReasonName, throttleReasonsFromMask } from "./throttle";

describe("throttle reasons", () => {
  it.each([
    ["clocks_throttle_reason_sw_power_cap", "sw_power_cap"],
    ["clocks_event_reason_gpu_idle", "gpu_idle"],
    ["clocks_event_reasons.hw_thermal_slowdown", "hw_thermal_slowdown"],
    ["clocks_throttle_reasons.sync_boost", "sync_boost"],
    ["clocks_event_reasons.active", undefined],
    ["clocks_event_reasons.supported", undefined],
    ["clocks_event_reasons_counters.sw_power_cap", undefined],
    ["clocks.current.sm", undefined],
  ])("%s -> %s", (key, expected) => {
    expect(throttleReasonName(key)).toBe(expected);
  });

  it("decodes the NVML bit mask", () => {
    expect(throttleReasonsFromMask("0x0000000000000004")).toEqual(["sw_power_cap"]);
    expect(throttleReasonsFromMask("0x0000000000000041")).toEqual(["gpu_idle", "hw_thermal_slowdown"]);
    expect(throttleReasonsFromMask("0x0000000000000000")).toEqual([]);
    expect(throttleReasonsFromMask("[N/A]")).toBeUndefined();
  });
});
