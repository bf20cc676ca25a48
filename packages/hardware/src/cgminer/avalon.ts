import { toFiniteNumber } from "../util/measure";
import type { TAsicBoard } from "./boards";
import { asicTempC } from "./fields";
import { sectionEntries } from "./reply";

/**
 * Canaan's cgminer packs its status into one string per controller ("MM ID0"):
 * `Ver[...] Temp[30] TMax[77] ... MGHS[26907.01 26025.06 26724.56] MTmax[77 77 76] ...`.
 * Newer firmware nests it as `'STATS':{...}` under "MM ID0:Summary".
 */
export function parseAvalonStatus(text: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (const match of text.matchAll(/(\w+)\[([^\]]*)\]/g)) {
    if (!fields.has(match[1] as string)) fields.set(match[1] as string, (match[2] as string).trim());
  }
  return fields;
}

function numbers(text: string | undefined): Array<number | undefined> {
  return text === undefined || text === "" ? [] : text.split(/\s+/).map(toFiniteNumber);
}

/** The controller status of an Avalon `stats`/`estats`/`litestats` reply, if it has one. */
export function avalonStatus(reply: unknown): Map<string, string> | undefined {
  for (const entry of sectionEntries(reply, "STATS")) {
    const text = entry["MM ID0"] ?? entry["MM ID0:Summary"];
    if (typeof text === "string") return parseAvalonStatus(text);
  }
  return undefined;
}

export function avalonBoards(status: Map<string, string>): TAsicBoard[] {
  const hashrates = numbers(status.get("MGHS"));
  const chipMax = numbers(status.get("MTmax"));
  return hashrates.map((ghs, index) => ({
    index,
    // MGHS: per-board GH/s.
    hashrateHs: ghs === undefined ? undefined : ghs * 1e9,
    chipTempC: asicTempC(chipMax[index]),
  }));
}

/** Miner-level readings: hashrate (GHSspd, GH/s), wall power (W), intake temperature (C). */
export function avalonTotals(status: Map<string, string>): { hashrateHs?: number; powerW?: number; inletTempC?: number } {
  const ghs = toFiniteNumber(status.get("GHSspd"));
  // PS[...]'s last field is the wall power where WALLPOWER is not printed.
  const power = toFiniteNumber(status.get("WALLPOWER")) ?? numbers(status.get("PS")).at(-1);
  return {
    hashrateHs: ghs === undefined ? undefined : ghs * 1e9,
    powerW: power !== undefined && power > 0 ? power : undefined,
    inletTempC: asicTempC(status.get("ITemp") ?? status.get("Temp")),
  };
}
