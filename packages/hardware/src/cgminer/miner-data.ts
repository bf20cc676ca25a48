import type { TProbeProblem } from "../backend";
import { sumKnown } from "../util/measure";
import { avalonBoards, avalonStatus, avalonTotals } from "./avalon";
import { boardsFromDevs, boardsFromStats, boardsFromTemps, mergeBoards, type TAsicBoard } from "./boards";
import { num } from "./fields";
import { detectFirmware, detectModel, type TFirmware } from "./firmware";
import { parsePools, type TPool } from "./pools";
import { isEntry, replyStatus, sectionEntries } from "./reply";
import { parseSummary, type TMinerSummary } from "./summary";

/** Everything one poll learned about an ASIC miner, from whichever replies it got. */
export interface TMinerData {
  firmware: TFirmware;
  model?: string;
  summary?: TMinerSummary;
  /** Miner-level readings, from the summary or the firmware's own commands. */
  hashrateHs?: number;
  powerW?: number;
  inletTempC?: number;
  boards: TAsicBoard[];
  pools: TPool[];
  fansRpm: number[];
  /** Replies whose status said the command failed. */
  problems: TProbeProblem[];
}

/** Replies by the command that produced them: "version", "summary", "devs", "stats", "temps", "power", ... */
export type TReplies = Partial<Record<string, unknown>>;

function fans(replies: TReplies, summary: TMinerSummary | undefined): number[] {
  const fromFans = sectionEntries(replies.fans, "FANS").map((entry) => num(entry, "RPM"));
  const statsEntry = sectionEntries(replies.stats, "STATS").find((entry) => "fan_num" in entry);
  const fromStats = Object.keys(statsEntry ?? {})
    .filter((key) => /^fan\d+$/.test(key))
    .map((key) => num(statsEntry, key));
  // 0 RPM in an Antminer stats fan slot means no fan fitted.
  const all = [...fromFans, ...fromStats.filter((rpm) => rpm !== 0), ...(summary?.fansRpm ?? [])];
  return all.filter((rpm): rpm is number => rpm !== undefined);
}

/** Hashrate from an Antminer-style STATS entry ("GHS 5s"), for a capture holding only stats. */
function statsHashrate(replies: TReplies): number | undefined {
  const entry = sectionEntries(replies.stats, "STATS").find((candidate) => "GHS 5s" in candidate || "MHS 5s" in candidate);
  const ghs = num(entry, "GHS 5s");
  if (ghs !== undefined) return ghs * 1e9;
  const mhs = num(entry, "MHS 5s");
  return mhs === undefined ? undefined : mhs * 1e6;
}

export function collectMinerData(replies: TReplies, knownFirmware?: TFirmware): TMinerData {
  const all = Object.values(replies);
  const firmware = knownFirmware ?? detectFirmware(...all);
  const problems: TProbeProblem[] = [];
  for (const [command, reply] of Object.entries(replies)) {
    const status = replyStatus(reply);
    if (status && !status.ok) {
      problems.push({ source: "cgminer", kind: "error", message: `${command}: miner answered ${status.letter}: ${status.msg ?? "no message"}` });
    }
  }

  const summary = parseSummary(replies.summary);
  const avalon = avalonStatus(replies.stats) ?? avalonStatus(replies.estats) ?? avalonStatus(replies.litestats);
  const totals = avalon ? avalonTotals(avalon) : {};
  const boards = mergeBoards(avalon ? avalonBoards(avalon) : boardsFromStats(replies.stats), boardsFromDevs(replies.devs), boardsFromTemps(replies.temps));
  const luxPower = num(sectionEntries(replies.power, "POWER")[0], "Watts");
  const boardsHashrate = sumKnown(boards.map((board) => board.hashrateHs));

  return {
    firmware,
    model: detectModel(...all),
    summary,
    hashrateHs: summary?.hashrateHs ?? totals.hashrateHs ?? statsHashrate(replies) ?? boardsHashrate,
    powerW: summary?.powerW ?? (luxPower !== undefined && luxPower > 0 ? luxPower : undefined) ?? totals.powerW,
    inletTempC: summary?.inletTempC ?? totals.inletTempC,
    boards,
    pools: parsePools(replies.pools),
    fansRpm: fans(replies, summary),
    problems,
  };
}

/** A reply from Whatsminer's own API ({"STATUS":"S","Msg":{...}}), flattened for support reports. */
export function btminerMessage(reply: unknown): Record<string, string> | undefined {
  if (!isEntry(reply) || !isEntry(reply.Msg)) return undefined;
  return Object.fromEntries(Object.entries(reply.Msg).map(([key, value]) => [key, typeof value === "string" ? value : JSON.stringify(value)]));
}
