import type { HardwareBackend, TInventory, TProbeProblem, TSnapshot } from "../backend";
import type { TAsicBoard } from "../cgminer/boards";
import { cgminerRequest } from "../cgminer/client";
import { MinerCommandFailed, sendMinerControl, type TMinerCommand, type TMinerControlResult } from "../cgminer/control";
import { detectFirmware, type TFirmware } from "../cgminer/firmware";
import { minerToInventory, minerToReadings } from "../cgminer/map";
import { collectMinerData, type TReplies } from "../cgminer/miner-data";
import { replyStatus, splitMultiReply } from "../cgminer/reply";

export interface TCgminerBackendOptions {
  host: string;
  /** cgminer API port. */
  port?: number;
  /** Deadline for connecting and for each reply, ms. */
  timeoutMs?: number;
  now?: () => number;
}

export interface CgminerBackend extends HardwareBackend {
  /** The firmware detected from the miner's replies (undefined until it has answered). */
  firmware(): TFirmware | undefined;
  /** When the miner last answered with readings, unix ms. */
  freshness(): { cgminerAt?: number };
  /** Pause, resume or power target, as the firmware allows (see MINER_CONTROL). */
  control(command: TMinerCommand): Promise<TMinerControlResult>;
}

/** Extra commands per firmware beyond summary+devs: where its boards' details live. */
const EXTRA_COMMANDS: Record<TFirmware, string[]> = {
  "antminer-stock": ["stats"],
  "braiins-bosminer": ["temps"],
  "braiins-boser": ["temps"],
  "braiins-bmminer": ["stats"],
  luxos: ["stats", "power"],
  whatsminer: [],
  avalon: ["stats"],
  vnish: ["stats"],
  "generic-cgminer": ["stats"],
};

/** An ASIC miner through its cgminer-style API (Antminer, Braiins, LuxOS, Whatsminer, Avalon, ...). */
export function createCgminerBackend(options: TCgminerBackendOptions): CgminerBackend {
  const now = options.now ?? Date.now;
  const timeoutMs = options.timeoutMs ?? 5000;
  let firmware: TFirmware | undefined;
  let versionReply: unknown;
  let previousBoards: TAsicBoard[] = [];
  let cgminerAt: number | undefined;

  const request = (command: string) => cgminerRequest({ host: options.host, port: options.port, command, connectTimeoutMs: timeoutMs, readTimeoutMs: timeoutMs });

  /** Asks `version` once to learn the firmware; returns the problem if the miner did not answer. */
  async function identify(): Promise<TProbeProblem | undefined> {
    if (firmware !== undefined) return undefined;
    const version = await request("version");
    if (!version.ok) return version.problem;
    versionReply = version.value;
    firmware = detectFirmware(version.value);
    return undefined;
  }

  /**
   * The replies of one poll. Stops at the first request the miner does not answer at all:
   * an unreachable miner costs one deadline, not one per command.
   */
  async function gather(): Promise<{ replies: TReplies; problems: TProbeProblem[]; reachable: boolean }> {
    const problems: TProbeProblem[] = [];
    const identified = await identify();
    if (identified) return { replies: {}, problems: [identified], reachable: false };
    const replies: TReplies = { version: versionReply };

    const combined = await request("summary+devs");
    if (!combined.ok && combined.problem.kind !== "unparseable") return { replies, problems: [combined.problem], reachable: false };
    const split = combined.ok ? splitMultiReply(combined.value) : undefined;
    if (split?.summary !== undefined && split.devs !== undefined) {
      Object.assign(replies, split);
    } else {
      // Firmwares that refuse or garble the combined form get the commands one by one.
      for (const command of ["summary", "devs"]) {
        const single = await request(command);
        if (single.ok) replies[command] = single.value;
        else problems.push(single.problem);
      }
    }
    // `version` alone does not name every firmware (Whatsminer answers as plain cgminer).
    if (firmware === "generic-cgminer") firmware = detectFirmware(...Object.values(replies));
    for (const command of EXTRA_COMMANDS[firmware ?? "generic-cgminer"]) {
      const extra = await request(command);
      if (extra.ok) replies[command] = extra.value;
      else problems.push(extra.problem);
    }
    return { replies, problems, reachable: true };
  }

  async function read(): Promise<TSnapshot> {
    const { replies, problems, reachable } = await gather();
    if (!reachable || firmware === undefined) {
      const age = cgminerAt === undefined ? "no good reading yet" : `last good reading ${Math.round((now() - cgminerAt) / 1000)} s ago`;
      return { rig: {}, devices: [], problems: problems.map((problem) => ({ ...problem, message: `${problem.message}; ${age}` })) };
    }
    const data = collectMinerData(replies, firmware);
    const readings = minerToReadings(data, previousBoards);
    if (data.boards.length > 0) previousBoards = data.boards;
    if (replyStatus(replies.summary)?.ok || data.boards.length > 0) cgminerAt = now();
    return { rig: readings.rig, devices: readings.devices, problems: [...problems, ...readings.problems] };
  }

  return {
    name: `cgminer ${options.host}:${options.port ?? 4028}`,
    async inventory(): Promise<TInventory> {
      try {
        const { replies } = await gather();
        return minerToInventory(collectMinerData(replies, firmware)).inventory;
      } catch {
        return { kind: "ASIC", model: "ASIC miner (unreachable)", devices: [] };
      }
    },
    async read() {
      try {
        return await read();
      } catch (error) {
        return { rig: {}, devices: [], problems: [{ source: "cgminer", kind: "error", message: `read failed: ${String(error)}` }] };
      }
    },
    firmware: () => firmware,
    freshness: () => ({ cgminerAt }),
    async control(command) {
      const problem = await identify();
      if (problem || firmware === undefined) {
        const reason = `could not identify the firmware: ${problem?.message ?? "no version reply"}`;
        return { ok: false, error: new MinerCommandFailed("generic-cgminer", command.kind, reason) };
      }
      return sendMinerControl({ host: options.host, port: options.port, firmware, command, timeoutMs, now });
    },
  };
}
