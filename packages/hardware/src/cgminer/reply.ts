/**
 * Shapes of cgminer-style replies. Classic: {"STATUS":[{"STATUS":"S","Code":11,"Msg":"Summary",
 * "Description":"cgminer 4.9.0"}],"SUMMARY":[{...}],"id":1}. Multi-command ("summary+devs"):
 * {"summary":[<classic reply>],"devs":[<classic reply>],"id":1}. btminer's own commands
 * (Whatsminer {"cmd":...}): {"STATUS":"S","Code":131,"Msg":{...},"Description":"..."}.
 */

export type TEntry = Record<string, unknown>;

export interface TReplyStatus {
  /** S(uccess), I(nfo), W(arning): the command was done. E(rror), F(atal): it was not. */
  ok: boolean;
  letter?: string;
  code?: number;
  msg?: string;
  description?: string;
}

export function isEntry(value: unknown): value is TEntry {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function readStatus(entry: TEntry): TReplyStatus {
  const letter = typeof entry.STATUS === "string" ? entry.STATUS : undefined;
  return {
    ok: letter === undefined || ["S", "I", "W"].includes(letter),
    letter,
    code: typeof entry.Code === "number" ? entry.Code : undefined,
    msg: typeof entry.Msg === "string" ? entry.Msg : undefined,
    description: typeof entry.Description === "string" ? entry.Description : undefined,
  };
}

/** The reply's status, classic or btminer style; undefined if it has none. */
export function replyStatus(reply: unknown): TReplyStatus | undefined {
  if (!isEntry(reply)) return undefined;
  if (Array.isArray(reply.STATUS) && isEntry(reply.STATUS[0])) return readStatus(reply.STATUS[0]);
  if (typeof reply.STATUS === "string") return readStatus(reply);
  return undefined;
}

/** The entries of a data section ("SUMMARY", "DEVS", ...); [] when absent. */
export function sectionEntries(reply: unknown, name: string): TEntry[] {
  if (!isEntry(reply)) return [];
  const section = reply[name];
  return Array.isArray(section) ? section.filter(isEntry) : [];
}

/** A multi-command reply split into one classic reply per command; undefined if it is not one. */
export function splitMultiReply(reply: unknown): Record<string, unknown> | undefined {
  if (!isEntry(reply) || reply.STATUS !== undefined) return undefined;
  const parts = Object.entries(reply).filter(([key, value]) => /^[a-z_]+$/.test(key) && Array.isArray(value) && isEntry(value[0]) && replyStatus(value[0]));
  if (parts.length === 0) return undefined;
  return Object.fromEntries(parts.map(([key, value]) => [key, (value as unknown[])[0]]));
}

/** Section names a classic reply carries, mapped to the command that produces them. */
const SECTION_COMMAND: Record<string, string> = {
  SUMMARY: "summary",
  DEVS: "devs",
  STATS: "stats",
  POOLS: "pools",
  VERSION: "version",
  TEMPS: "temps",
  FANS: "fans",
  POWER: "power",
  CONFIG: "config",
  DEVDETAILS: "devdetails",
  PROFILES: "profiles",
  EVENTS: "events",
  CHIPS: "healthchipget",
  VOLTAGE: "voltageget",
  COIN: "coin",
  CHECK: "check",
  SESSION: "session",
};

/**
 * Which command a single reply answers, judged by its content: "summary", "devs", ...,
 * "btminer" for Whatsminer's own API, "status" for a reply with only a status.
 */
export function replyKind(reply: unknown): string | undefined {
  if (!isEntry(reply)) return undefined;
  if (typeof reply.STATUS === "string" && reply.Msg !== undefined) return "btminer";
  for (const [section, command] of Object.entries(SECTION_COMMAND)) if (reply[section] !== undefined) return command;
  return replyStatus(reply) ? "status" : undefined;
}

/** A decoded reply (single or multi-command) as replies by command. */
export function repliesByCommand(reply: unknown): Record<string, unknown> {
  return splitMultiReply(reply) ?? { [replyKind(reply) ?? "unknown"]: reply };
}
