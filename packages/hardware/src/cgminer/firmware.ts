import { isEntry, replyStatus, sectionEntries, type TEntry } from "./reply";

/** Firmware families that differ in what their cgminer-style API reports and accepts. */
export type TFirmware = "antminer-stock" | "braiins-bosminer" | "braiins-boser" | "braiins-bmminer" | "luxos" | "whatsminer" | "avalon" | "vnish" | "generic-cgminer";

export const FIRMWARE_LABEL: Record<TFirmware, string> = {
  "antminer-stock": "Antminer stock firmware (bmminer/cgminer)",
  "braiins-bosminer": "Braiins OS+ (BOSminer)",
  "braiins-boser": "Braiins OS (BOSer)",
  "braiins-bmminer": "Braiins OS (bmminer-based, 2019)",
  luxos: "LuxOS",
  whatsminer: "Whatsminer (btminer)",
  avalon: "Avalon (Canaan cgminer)",
  vnish: "vnish",
  "generic-cgminer": "unrecognised cgminer-compatible firmware",
};

/** Keys only Whatsminer's summary/devs carry. */
const WHATSMINER_KEYS = ["Power_RT", "Power Fanspeed", "Factory GHS", "Chip Temp Max", "Fan Speed In", "HS RT"];

function texts(replies: unknown[]): string[] {
  const found: string[] = [];
  for (const reply of replies) {
    const status = replyStatus(reply);
    if (status?.description) found.push(status.description);
    for (const entry of [...sectionEntries(reply, "VERSION"), ...sectionEntries(reply, "STATS").slice(0, 1)]) {
      for (const [key, value] of Object.entries(entry)) found.push(key, typeof value === "string" ? value : "");
    }
    if (isEntry(reply) && isEntry(reply.Msg)) for (const value of Object.values(reply.Msg)) found.push(String(value));
  }
  return found;
}

function entries(replies: unknown[], section: string): TEntry[] {
  return replies.flatMap((reply) => sectionEntries(reply, section));
}

/**
 * Which firmware answered, from a `version` reply ideally, or from any replies it sent.
 * Ordered: custom firmwares on Antminer hardware still call the hardware "Antminer ...".
 */
export function detectFirmware(...replies: unknown[]): TFirmware {
  const words = texts(replies);
  const has = (pattern: RegExp) => words.some((word) => pattern.test(word));
  if (has(/LUXminer/)) return "luxos";
  if (has(/^BOSer\b/)) return "braiins-boser";
  if (has(/^BOSminer\b/)) return "braiins-bosminer";
  if (has(/\bbOS_|^braiins-/)) return "braiins-bmminer";
  if (has(/vnish/i)) return "vnish";
  const version = entries(replies, "VERSION")[0];
  const stats = entries(replies, "STATS");
  if (/^Avalon/i.test(String(version?.PROD ?? "")) || stats.some((entry) => "MM ID0" in entry || "MM ID0:Summary" in entry)) {
    return "avalon";
  }
  const btminer = replies.some((reply) => isEntry(reply) && typeof reply.STATUS === "string" && isEntry(reply.Msg));
  const minerEntries = [...entries(replies, "SUMMARY"), ...entries(replies, "DEVS")];
  if (btminer || has(/whatsminer/i) || minerEntries.some((entry) => WHATSMINER_KEYS.some((key) => key in entry))) {
    return "whatsminer";
  }
  if (has(/^Antminer\b/)) return "antminer-stock";
  return "generic-cgminer";
}

/** The miner model as the firmware names it ("Antminer S19 Pro", "AvalonMiner 15-194"). */
export function detectModel(...replies: unknown[]): string | undefined {
  const candidates = [
    ...entries(replies, "VERSION").flatMap((entry) => [entry.PROD, entry.Type]),
    ...entries(replies, "STATS").map((entry) => entry.Type),
    ...entries(replies, "CONFIG").map((entry) => entry.Model),
    ...entries(replies, "DEVDETAILS").map((entry) => entry.Model),
  ];
  const model = candidates.find((value): value is string => typeof value === "string" && value.trim() !== "");
  // "Antminer S17 (vnish 0.9.2-alpha)": the firmware note is not part of the model.
  return model?.replace(/\s*\([^)]*\)\s*$/, "").trim();
}
