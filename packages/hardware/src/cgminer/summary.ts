import { asicTempC, hashrateHs, num } from "./fields";
import { sectionEntries } from "./reply";

/** The miner as a whole, from a `summary` reply. */
export interface TMinerSummary {
  hashrateHs?: number;
  /** Shares. */
  accepted?: number;
  rejected?: number;
  hardwareErrors?: number;
  /** Seconds since the mining process started. */
  elapsedS?: number;
  /** Whatsminer reports its own power draw and limit, W. */
  powerW?: number;
  powerLimitW?: number;
  /** Air intake temperature, C (Whatsminer "Env Temp"). */
  inletTempC?: number;
  /** Fan speeds, RPM (Whatsminer reports them in the summary). */
  fansRpm: number[];
}

export function parseSummary(reply: unknown): TMinerSummary | undefined {
  const entry = sectionEntries(reply, "SUMMARY")[0];
  if (!entry) return undefined;
  const power = num(entry, "Power") ?? num(entry, "Power_RT");
  return {
    hashrateHs: hashrateHs(entry),
    accepted: num(entry, "Accepted"),
    rejected: num(entry, "Rejected"),
    hardwareErrors: num(entry, "Hardware Errors"),
    elapsedS: num(entry, "Elapsed"),
    powerW: power !== undefined && power > 0 ? power : undefined,
    powerLimitW: num(entry, "Power Limit"),
    inletTempC: asicTempC(entry["Env Temp"]),
    fansRpm: ["Fan Speed In", "Fan Speed Out"].map((key) => num(entry, key)).filter((rpm): rpm is number => rpm !== undefined),
  };
}
