import { z } from "zod";
import type { EngineInput } from "./types";

/**
 * zod schemas for the engine input, for the worker to validate what it read from Postgres.
 * The engine itself trusts its typed input: parsing 100k rigs would cost more than planning.
 * Every number must be finite, so NaN and Infinity never reach the arithmetic.
 */

const num = z.number().finite();
const nonNegative = num.min(0);
const id = z.number().int();

export const ZMode = z.enum(["MINE", "AI", "IDLE"]);

export const ZSiteInput = z.object({
  id,
  code: z.string().min(1),
  powerCapKw: nonNegative,
  coolingCapacityKw: nonNegative,
  pue: num.min(1).max(5),
  electricityUsdPerMwh: num, // negative prices and spikes are real
  policy: z.object({
    maxInletTempC: num,
    maxGpuTempC: num,
    minDwellSeconds: nonNegative,
    hysteresisBps: nonNegative,
    curtailStrikeUsdPerMwh: num.nullable(),
  }),
});

export const ZGpuInput = z.object({
  index: z.number().int().min(0),
  model: z.string(),
  vramMb: nonNegative,
  healthy: z.boolean(),
  tempC: num.optional(),
});

export const ZRigInput = z.object({
  id,
  hostname: z.string(),
  siteId: id,
  kind: z.enum(["GPU_RIG", "ASIC"]),
  model: z.string(),
  online: z.boolean(),
  maintenance: z.boolean(),
  pinned: z.object({ mode: ZMode, workload: z.string().nullable() }).nullable(),
  gpus: z.array(ZGpuInput),
  inletTempC: num.optional(),
  idlePowerW: nonNegative,
  offers: z.array(z.object({ key: z.string(), mode: ZMode })),
  measuredPowerW: z.partialRecord(ZMode, nonNegative).optional(),
  current: z.object({
    mode: ZMode,
    workload: z.string().nullable(),
    sinceMs: num,
    jobIds: z.array(id),
  }),
});

export const ZJobInput = z.object({
  id,
  gpuCount: z.number().int().min(1),
  minVramMbPerGpu: nonNegative,
  gpuModels: z.array(z.string()),
  priceUsdPerGpuHour: num,
  priority: num,
  deadlineMs: num.nullable(),
  preemptible: z.boolean(),
  runtime: z.string(),
  aiPowerWPerGpu: nonNegative.optional(),
  placement: z.object({ rigId: id, gpuIndices: z.array(z.number().int().min(0)) }).nullable(),
  running: z.boolean(),
});

export const ZMiningProfileInput = z.object({
  key: z.string(),
  coin: z.string(),
  poolFeeBps: num.min(0).max(10_000),
  rates: z.record(z.string(), z.object({ hashrateHs: nonNegative, powerW: nonNegative })),
});

export const ZEngineInput = z.object({
  nowMs: num,
  epochSeconds: num.positive(),
  sites: z.array(ZSiteInput),
  rigs: z.array(ZRigInput),
  jobs: z.array(ZJobInput),
  profiles: z.array(ZMiningProfileInput),
  coins: z.record(z.string(), z.object({ usdPerHashPerDay: num })),
  switching: z.object({
    mineStartSeconds: nonNegative,
    asicStartSeconds: nonNegative,
    aiStartSeconds: nonNegative,
  }),
  gpuBoardPowerW: z.record(z.string(), nonNegative).optional(),
});
export type TEngineInput = z.infer<typeof ZEngineInput>;

// The schema and the hand-written interface must describe the same data.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const schemaMatchesTypes: Same<TEngineInput, EngineInput> = true;
void schemaMatchesTypes;
