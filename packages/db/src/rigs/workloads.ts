import type { TMode } from "./types";

export interface TWorkloadOffer {
  key: string;
  mode: TMode;
}

/** The workloads a rig's agent offered at enrollment (Rig.workloads JSON), read leniently. */
export function offeredWorkloads(json: unknown): TWorkloadOffer[] {
  if (!Array.isArray(json)) return [];
  return json.flatMap((w) =>
    w && typeof w.key === "string" && (w.mode === "MINE" || w.mode === "AI" || w.mode === "IDLE") ? [{ key: w.key as string, mode: w.mode as TMode }] : [],
  );
}

/** The workload a rig runs for a mode when none is named: its first offer of that mode (IDLE needs none). */
export function defaultWorkload(json: unknown, mode: TMode): string | null {
  if (mode === "IDLE") return null;
  return offeredWorkloads(json).find((w) => w.mode === mode)?.key ?? null;
}
