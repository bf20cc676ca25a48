import { maxKnown, sumKnown } from "../util/measure";
import { asicTempC, dashedTemps, entryHashScale, hashrateHs, num, str } from "./fields";
import { sectionEntries, type TEntry } from "./reply";

/** One hashboard as the miner reports it. */
export interface TAsicBoard {
  /** Position among the miner's boards, from 0 (an S9's chains 6, 7, 8 are boards 0, 1, 2). */
  index: number;
  hashrateHs?: number;
  /** Hashrate the board should do at its settings, H/s. */
  nominalHs?: number;
  boardTempC?: number;
  /** Hottest chip, C. */
  chipTempC?: number;
  /** Hardware (nonce) errors since the miner started. */
  hardwareErrors?: number;
  chips?: number;
}

function positioned(boards: Array<Omit<TAsicBoard, "index">>): TAsicBoard[] {
  return boards.map((board, index) => ({ index, ...board }));
}

/**
 * Antminer-style STATS (stock bmminer, LuxOS, vnish, old Braiins OS, and clones): one entry
 * with numbered keys per chain — chain_rateN, chain_acnN (chips), chain_hwN, tempN (board),
 * temp2_N/temp3_N/temp_chipN (chips), temp_pcbN. Chains without chips are empty slots.
 */
function antminerChains(entry: TEntry): TAsicBoard[] {
  const chains = Object.keys(entry)
    .map((key) => /^chain_acn(\d+)$/.exec(key)?.[1])
    .filter((chain): chain is string => chain !== undefined && (num(entry, `chain_acn${chain}`) ?? 0) > 0)
    .sort((a, b) => Number(a) - Number(b));
  const scale = entryHashScale(entry);
  const hashes = (value: number | undefined) => (value === undefined || scale === undefined ? undefined : value * scale);
  return positioned(
    chains.map((n) => ({
      hashrateHs: hashes(num(entry, `chain_rate${n}`)),
      nominalHs: hashes(num(entry, `chain_rateideal${n}`) || undefined),
      boardTempC: maxKnown([
        asicTempC(entry[`temp${n}`]),
        ...dashedTemps(entry[`temp_pcb${n}`]),
        ...dashedTemps(entry[`temp_in_pcb_${n}`]),
        ...dashedTemps(entry[`temp_out_pcb_${n}`]),
      ]),
      chipTempC: maxKnown([
        asicTempC(entry[`temp2_${n}`]),
        asicTempC(entry[`temp3_${n}`]),
        ...dashedTemps(entry[`temp_chip${n}`]),
        ...dashedTemps(entry[`temp_in_chip_${n}`]),
        ...dashedTemps(entry[`temp_out_chip_${n}`]),
      ]),
      hardwareErrors: num(entry, `chain_hw${n}`),
      chips: num(entry, `chain_acn${n}`),
    })),
  );
}

/** DragonMint/Innosilicon STATS: one entry per chain with "Chain ID". */
function chainIdEntries(entries: TEntry[]): TAsicBoard[] {
  return positioned(
    entries
      .filter((entry) => num(entry, "Chain ID") !== undefined)
      .sort((a, b) => (num(a, "Chain ID") ?? 0) - (num(b, "Chain ID") ?? 0))
      .map((entry) => ({
        hashrateHs: hashrateHs(entry),
        boardTempC: asicTempC(entry.Temp),
        chipTempC: asicTempC(entry["Temp max"]),
        hardwareErrors: sumKnown(
          Object.keys(entry)
            .filter((key) => /^\d+ HW errors$/.test(key))
            .map((key) => num(entry, key)),
        ),
        chips: num(entry, "Num active chips"),
      })),
  );
}

/** Boards from a `stats` reply, Antminer-style or per-chain entries; [] when it has neither. */
export function boardsFromStats(reply: unknown): TAsicBoard[] {
  const entries = sectionEntries(reply, "STATS");
  for (const entry of entries) {
    const chains = antminerChains(entry);
    if (chains.length > 0) return chains;
  }
  return chainIdEntries(entries);
}

/** Device entries that stand for the whole miner rather than a board. */
const WHOLE_MINER = /^(BTM_SOC|AVA)/;

/** Boards from a `devs` reply (BOSminer, LuxOS, Whatsminer list one ASC per board). */
export function boardsFromDevs(reply: unknown): TAsicBoard[] {
  const order = (entry: TEntry) => num(entry, "ASC") ?? num(entry, "ID") ?? 0;
  return positioned(
    sectionEntries(reply, "DEVS")
      .filter((entry) => !WHOLE_MINER.test(str(entry, "Name") ?? ""))
      .sort((a, b) => order(a) - order(b))
      .map((entry) => {
        const nominalMhs = num(entry, "Nominal MHS");
        const factoryGhs = num(entry, "Factory GHS");
        return {
          hashrateHs: hashrateHs(entry),
          nominalHs: nominalMhs !== undefined ? nominalMhs * 1e6 : factoryGhs !== undefined ? factoryGhs * 1e9 : undefined,
          boardTempC: asicTempC(entry.Temperature),
          chipTempC: asicTempC(entry["Chip Temp Max"]),
          hardwareErrors: num(entry, "Hardware Errors"),
          chips: num(entry, "Effective Chips"),
        };
      }),
  );
}

/** Board and chip temperatures from a `temps` reply (BOSminer: Board/Chip; LuxOS: four board sensors). */
export function boardsFromTemps(reply: unknown): TAsicBoard[] {
  return positioned(
    sectionEntries(reply, "TEMPS")
      .sort((a, b) => (num(a, "TEMP") ?? 0) - (num(b, "TEMP") ?? 0))
      .map((entry) => ({
        boardTempC: asicTempC(entry.Board) ?? maxKnown(["TopLeft", "TopRight", "BottomLeft", "BottomRight"].map((key) => asicTempC(entry[key]))),
        chipTempC: asicTempC(entry.Chip),
      })),
  );
}

/** The first list's boards, with fields it lacks taken from the others (same position). */
export function mergeBoards(primary: TAsicBoard[], ...others: TAsicBoard[][]): TAsicBoard[] {
  const base = primary.length > 0 ? primary : (others.find((boards) => boards.length > 0) ?? []);
  return base.map((board) => {
    const merged: TAsicBoard = { ...board };
    for (const list of others) {
      const other = list[board.index];
      if (!other) continue;
      for (const [key, value] of Object.entries(other) as Array<[keyof TAsicBoard, number | undefined]>) {
        if (merged[key] === undefined && value !== undefined) merged[key] = value;
      }
    }
    return merged;
  });
}
