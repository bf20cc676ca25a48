import { num, str } from "./fields";
import { sectionEntries } from "./reply";

export interface TPool {
  url?: string;
  user?: string;
  /** "Alive", "Dead", ... as the firmware says. */
  status?: string;
  /** The pool the miner is sending work to now. */
  active?: boolean;
  priority?: number;
  /** Shares. */
  accepted?: number;
  rejected?: number;
}

export function parsePools(reply: unknown): TPool[] {
  return sectionEntries(reply, "POOLS").map((entry) => ({
    url: str(entry, "URL"),
    user: str(entry, "User"),
    status: str(entry, "Status"),
    active: typeof entry["Stratum Active"] === "boolean" ? entry["Stratum Active"] : undefined,
    priority: num(entry, "Priority"),
    accepted: num(entry, "Accepted"),
    rejected: num(entry, "Rejected"),
  }));
}
