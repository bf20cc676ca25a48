/**
 * Clock throttle reasons. Drivers before 535 call them `clocks_throttle_reason_*`, newer ones
 * `clocks_event_reason_*`; both are reported under the same short names ("sw_power_cap").
 */

/** NVML bit values (nvmlClocksEventReason*) for the CSV `clocks_event_reasons.active` mask. */
const REASON_BITS: ReadonlyArray<readonly [number, string]> = [
  [0x1, "gpu_idle"],
  [0x2, "applications_clocks_setting"],
  [0x4, "sw_power_cap"],
  [0x8, "hw_slowdown"],
  [0x10, "sync_boost"],
  [0x20, "sw_thermal_slowdown"],
  [0x40, "hw_thermal_slowdown"],
  [0x80, "hw_power_brake_slowdown"],
  [0x100, "display_clocks_setting"],
];

/** Short reason name from an XML element or CSV column name; undefined if it is not a reason. */
export function throttleReasonName(key: string): string | undefined {
  const match = /^clocks_(?:throttle|event)_reasons?[._](?:clocks_(?:throttle|event)_reason_)?(.+)$/.exec(key);
  if (!match?.[1]) return undefined;
  const name = match[1];
  // Not reasons: the summary columns and the per-reason time counters.
  if (name === "supported" || name === "active" || name.startsWith("counters")) return undefined;
  return name === "display_clock_setting" ? "display_clocks_setting" : name;
}

/** Active reasons from a hex mask such as "0x0000000000000004"; undefined if not a mask. */
export function throttleReasonsFromMask(text: string | undefined): string[] | undefined {
  if (text === undefined || !/^0x[0-9a-fA-F]+$/.test(text.trim())) return undefined;
  const mask = BigInt(text.trim());
  return REASON_BITS.filter(([bit]) => (mask & BigInt(bit)) !== 0n).map(([, name]) => name);
}
