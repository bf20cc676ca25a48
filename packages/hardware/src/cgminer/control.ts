import { cgminerRequest, type TCgminerResult } from "./client";
import { FIRMWARE_LABEL, type TFirmware } from "./firmware";
import { replyStatus, sectionEntries } from "./reply";

export type TMinerCommand = { kind: "pause" } | { kind: "resume" } | { kind: "setPowerTarget"; watts: number };
export type TMinerCommandKind = TMinerCommand["kind"];

export type TControlSupport = { supported: true; via: string } | { supported: false; reason: string };

const NO_POWER_TARGET = "no watt target over the cgminer API";

/**
 * What each firmware really accepts over its cgminer-style API (port 4028). Sources: the
 * firmwares' API documentation as used by pyasic (BOSMinerRPCAPI, LUXMinerRPCAPI) and asic-rs
 * (Avalon ascset softoff/softon, whose replies are in the fixtures).
 */
export const MINER_CONTROL: Record<TFirmware, Record<TMinerCommandKind, TControlSupport>> = {
  "antminer-stock": {
    pause: { supported: false, reason: "stock bmminer/cgminer has no pause command (sleep mode is only in the web UI)" },
    resume: { supported: false, reason: "stock bmminer/cgminer has no resume command" },
    setPowerTarget: { supported: false, reason: `stock firmware has ${NO_POWER_TARGET}` },
  },
  "braiins-bosminer": {
    pause: { supported: true, via: '{"command":"pause"}' },
    resume: { supported: true, via: '{"command":"resume"}' },
    setPowerTarget: { supported: false, reason: "Braiins OS sets the power target through GraphQL/gRPC, not the cgminer API" },
  },
  "braiins-boser": {
    pause: { supported: true, via: '{"command":"pause"}' },
    resume: { supported: true, via: '{"command":"resume"}' },
    setPowerTarget: { supported: false, reason: "Braiins OS sets the power target through its gRPC API, not the cgminer API" },
  },
  "braiins-bmminer": {
    pause: { supported: false, reason: "the bmminer-based Braiins OS of 2019 has no pause command" },
    resume: { supported: false, reason: "the bmminer-based Braiins OS of 2019 has no resume command" },
    setPowerTarget: { supported: false, reason: NO_POWER_TARGET },
  },
  luxos: {
    pause: { supported: true, via: '{"command":"curtail","parameter":"<session>,sleep"} after logon' },
    resume: { supported: true, via: '{"command":"curtail","parameter":"<session>,wakeup"} after logon' },
    setPowerTarget: { supported: false, reason: "LuxOS offers frequency profiles (profileset), not a watt target" },
  },
  whatsminer: {
    pause: { supported: false, reason: "power_off needs btminer's encrypted privileged API (admin password, token, AES), not implemented" },
    resume: { supported: false, reason: "power_on needs btminer's encrypted privileged API (admin password, token, AES), not implemented" },
    setPowerTarget: { supported: false, reason: "adjust_power_limit needs btminer's encrypted privileged API, not implemented" },
  },
  avalon: {
    pause: { supported: true, via: '{"command":"ascset","parameter":"0,softoff,1:<unix time>"}' },
    resume: { supported: true, via: '{"command":"ascset","parameter":"0,softon,1:<unix time>"}' },
    setPowerTarget: { supported: false, reason: "Avalon offers work modes/levels (ascset workmode), not a watt target" },
  },
  vnish: {
    pause: { supported: false, reason: "vnish controls mining through its web API, not the cgminer API" },
    resume: { supported: false, reason: "vnish controls mining through its web API, not the cgminer API" },
    setPowerTarget: { supported: false, reason: "vnish sets power through its web API, not the cgminer API" },
  },
  "generic-cgminer": {
    pause: { supported: false, reason: "the firmware was not recognised, and plain cgminer has no pause command" },
    resume: { supported: false, reason: "the firmware was not recognised, and plain cgminer has no resume command" },
    setPowerTarget: { supported: false, reason: `the firmware was not recognised; plain cgminer has ${NO_POWER_TARGET}` },
  },
};

/** The firmware cannot do this over its cgminer API. Returned, never a silent no-op. */
export class UnsupportedCommand extends Error {
  override readonly name = "UnsupportedCommand";
  readonly code = "UnsupportedCommand";
  constructor(
    readonly firmware: TFirmware,
    readonly command: TMinerCommandKind,
    reason: string,
  ) {
    super(`${command} is not supported on ${FIRMWARE_LABEL[firmware]}: ${reason}`);
  }
}

/** The miner was asked and did not do it (refused, unreachable, unreadable answer). */
export class MinerCommandFailed extends Error {
  override readonly name = "MinerCommandFailed";
  readonly code = "MinerCommandFailed";
  constructor(
    readonly firmware: TFirmware,
    readonly command: TMinerCommandKind,
    reason: string,
  ) {
    super(`${command} on ${FIRMWARE_LABEL[firmware]} failed: ${reason}`);
  }
}

export type TMinerControlResult = { ok: true; message: string } | { ok: false; error: UnsupportedCommand | MinerCommandFailed };

export interface TMinerControlRequest {
  host: string;
  port?: number;
  firmware: TFirmware;
  command: TMinerCommand;
  /** Per request on the wire, ms. */
  timeoutMs?: number;
  /** Clock, unix ms (Avalon schedules soft on/off at a time). */
  now?: () => number;
}

/** The reply's status message if it says the command was done; otherwise why not. */
function accepted(result: TCgminerResult): { ok: true; message: string } | { ok: false; reason: string } {
  if (!result.ok) return { ok: false, reason: result.problem.message };
  const status = replyStatus(result.value);
  if (!status) return { ok: false, reason: "the reply has no status" };
  if (!status.ok) return { ok: false, reason: `miner answered ${status.letter}: ${status.msg ?? "no message"}` };
  return { ok: true, message: status.msg ?? "done" };
}

/**
 * Sends pause/resume/power target the way the firmware accepts it, or returns
 * UnsupportedCommand. Never throws.
 */
export async function sendMinerControl(request: TMinerControlRequest): Promise<TMinerControlResult> {
  const { firmware, command } = request;
  const support = MINER_CONTROL[firmware][command.kind];
  if (!support.supported) return { ok: false, error: new UnsupportedCommand(firmware, command.kind, support.reason) };
  const timeoutMs = request.timeoutMs ?? 5000;
  const send = (apiCommand: string, parameter?: string) =>
    cgminerRequest({ host: request.host, port: request.port, command: apiCommand, parameter, connectTimeoutMs: timeoutMs, readTimeoutMs: timeoutMs });
  const failed = (reason: string): TMinerControlResult => ({ ok: false, error: new MinerCommandFailed(firmware, command.kind, reason) });

  if (firmware === "braiins-bosminer" || firmware === "braiins-boser") {
    const outcome = accepted(await send(command.kind));
    return outcome.ok ? outcome : failed(outcome.reason);
  }
  if (firmware === "avalon") {
    // Soft off/on at a unix time; 5 s ahead as the firmware's own tools do.
    const at = Math.floor((request.now ?? Date.now)() / 1000) + 5;
    const outcome = accepted(await send("ascset", `0,${command.kind === "pause" ? "softoff" : "softon"},1:${at}`));
    if (!outcome.ok) return failed(outcome.reason);
    // Canaan answers STATUS "I" with "success softoff:<time>" or "S" with "ASC 0 set OK".
    return /success|set OK/i.test(outcome.message) ? outcome : failed(`unexpected answer: ${outcome.message}`);
  }
  if (firmware === "luxos") return luxosCurtail(send, command.kind === "pause" ? "sleep" : "wakeup", failed);
  return failed("no sender for this firmware");
}

/** LuxOS privileged commands take a session id as first parameter; there is one session at a time. */
async function luxosCurtail(
  send: (command: string, parameter?: string) => Promise<TCgminerResult>,
  action: "sleep" | "wakeup",
  failed: (reason: string) => TMinerControlResult,
): Promise<TMinerControlResult> {
  const sessionOf = (result: TCgminerResult) => {
    const id = result.ok ? sectionEntries(result.value, "SESSION")[0]?.SessionID : undefined;
    return typeof id === "string" && id !== "" ? id : undefined;
  };
  // An open session (ours from before, or an operator's) must be reused: logon would be refused.
  const existing = sessionOf(await send("session"));
  let session = existing;
  if (!session) {
    const logon = await send("logon");
    session = sessionOf(logon);
    if (!session) {
      const outcome = accepted(logon);
      return failed(`logon gave no session: ${outcome.ok ? "empty SessionID" : outcome.reason}`);
    }
  }
  const outcome = accepted(await send("curtail", `${session},${action}`));
  // Leave the miner as we found it: close a session we opened, keep one we borrowed.
  if (!existing) await send("logoff", session);
  return outcome.ok ? outcome : failed(outcome.reason);
}
