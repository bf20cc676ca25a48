import { toFiniteNumber } from "../util/measure";
import type { TEntry } from "./reply";

export function num(entry: TEntry | undefined, key: string): number | undefined {
  return entry === undefined ? undefined : toFiniteNumber(entry[key]);
}

export function str(entry: TEntry | undefined, key: string): string | undefined {
  const value = entry?.[key];
  return typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;
}

/**
 * A temperature from an ASIC, degrees C. cgminer forks print 0 for an empty sensor slot and
 * Avalon prints -273: neither is a reading.
 */
export function asicTempC(value: unknown): number | undefined {
  const celsius = toFiniteNumber(value);
  return celsius !== undefined && celsius > 0 ? celsius : undefined;
}

/** Antminer's per-board sensor strings, "55-75-54-74" or "63-45" ("-" for none). */
export function dashedTemps(value: unknown): Array<number | undefined> {
  if (typeof value !== "string") return [];
  return value.split("-").map(asicTempC);
}

const SCALE: Record<string, number> = { "": 1, K: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15 };

/** H/s per unit for "GH", "GH/s", "MHS", "T" ...; undefined for anything else. */
export function hashUnitScale(unit: string | undefined): number | undefined {
  const prefix = /^([KMGTP]?)H?(?:\/?S)?$/i.exec(unit?.trim() ?? "x")?.[1];
  return prefix === undefined ? undefined : SCALE[prefix.toUpperCase()];
}

/** Averaging windows, freshest first: the agent reports what the miner does now. */
const WINDOWS = ["5s", "30s", "1m", "5m", "15m", "30m", "av"];
const PREFIXES = ["", "K", "M", "G", "T", "P"];

/**
 * Hashrate in H/s from whichever of "MHS 5s", "GHS 5s", "THS av", ... the firmware gives
 * (values may be numbers or strings such as "13759.68").
 */
export function hashrateHs(entry: TEntry | undefined): number | undefined {
  for (const window of WINDOWS) {
    for (const prefix of PREFIXES) {
      const value = num(entry, `${prefix}HS ${window}`);
      if (value !== undefined) return value * (SCALE[prefix] as number);
    }
  }
  return undefined;
}

/** The unit prefix ("G") a STATS entry reports its own "GHS 5s"/"GHS av" in, as H/s per unit. */
export function entryHashScale(entry: TEntry): number | undefined {
  const explicit = hashUnitScale(str(entry, "rate_unit"));
  if (explicit !== undefined) return explicit;
  for (const key of Object.keys(entry)) {
    const prefix = /^([KMGTP]?)HS (?:5s|av)$/.exec(key)?.[1];
    if (prefix !== undefined) return SCALE[prefix];
  }
  return undefined;
}
