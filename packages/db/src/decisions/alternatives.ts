import type { TAlternative } from "./types";

const num = (v: unknown): number | null => (typeof v === "number" ? v : typeof v === "string" && v.trim() !== "" && Number.isFinite(Number(v)) ? Number(v) : null);

/** Decision.alternatives is the scheduler's JSON; read it leniently, with money in dollars. */
export function readAlternatives(json: unknown): TAlternative[] {
  if (!Array.isArray(json)) return [];
  return json.slice(0, 20).flatMap((a) => {
    if (!a || typeof a !== "object") return [];
    const o = a as Record<string, unknown>;
    const micro = num(o.microUsdPerHour ?? o.expectedMicroUsdPerHour);
    const rejected = o.rejected === true ? "rejected" : typeof o.rejected === "string" ? o.rejected : typeof o.reason === "string" ? o.reason : null;
    return [{ mode: String(o.mode ?? "?"), workload: typeof o.workload === "string" ? o.workload : null, usdPerHour: micro === null ? null : micro / 1e6, rejected }];
  });
}
