import * as z from "zod";
import { ZWorkloadOffer } from "./agent-api";
import { finite, ZDeviceKind, ZTimestamp, ZWorkloadKey, ZWorkMode } from "./common";

/** Temperatures outside this range are sensor garbage, not readings (degrees C). */
const temperatureC = finite(-40, 150);
const percent = finite(0, 100);

/**
 * One reading of one device: a GPU, or an ASIC hashboard. Every field but index/kind is
 * optional: a value the hardware did not report ("N/A", missing) is absent, never 0.
 */
export const ZDeviceReading = z.object({
  index: z.number().int().min(0).max(255),
  kind: ZDeviceKind,
  uuid: z.string().max(128).optional(),
  model: z.string().max(128).optional(),
  busId: z.string().max(64).optional(),
  tempC: temperatureC.optional(),
  memTempC: temperatureC.optional(),
  /** Hashboards: hottest chip. */
  chipTempC: temperatureC.optional(),
  powerW: finite(0, 10_000).optional(),
  powerLimitW: finite(0, 10_000).optional(),
  utilPct: percent.optional(),
  memUtilPct: percent.optional(),
  vramTotalMb: z.number().int().min(0).max(4_194_304).optional(),
  vramUsedMb: z.number().int().min(0).max(4_194_304).optional(),
  fanPct: percent.optional(),
  coreClockMhz: z.number().int().min(0).max(20_000).optional(),
  memClockMhz: z.number().int().min(0).max(50_000).optional(),
  /** Hashes per second (GPU on a mining workload, or a hashboard). */
  hashrateHs: finite(0, 1e16).optional(),
  /** New hardware errors since the previous reading (Xid events, ECC, chip HW errors). */
  errors: z.number().int().min(0).max(1_000_000_000).optional(),
  eccUncorrected: z.number().int().min(0).optional(),
  retiredPages: z.number().int().min(0).optional(),
  throttleReasons: z.array(z.string().max(64)).max(32).optional(),
  pstate: z.string().max(8).optional(),
});
export type TDeviceReading = z.infer<typeof ZDeviceReading>;

/** Host-level reading of a rig (or, for an ASIC, the miner as a whole). */
export const ZRigReading = z.object({
  /** Wall power of the rig, W: measured (PDU / PSU) where known, else sum of devices. */
  powerW: finite(0, 100_000).optional(),
  cpuLoadPct: percent.optional(),
  memUsedMb: z.number().int().min(0).max(16_777_216).optional(),
  memTotalMb: z.number().int().min(0).max(16_777_216).optional(),
  diskUsedPct: percent.optional(),
  cpuTempC: temperatureC.optional(),
  /** Air temperature at the rig's intake. */
  inletTempC: temperatureC.optional(),
  hashrateHs: finite(0, 1e18).optional(),
});
export type TRigReading = z.infer<typeof ZRigReading>;

export const ZSample = z.object({
  at: ZTimestamp,
  rig: ZRigReading,
  devices: z.array(ZDeviceReading).max(64),
  mode: ZWorkMode.optional(),
  workload: ZWorkloadKey.optional(),
});
export type TSample = z.infer<typeof ZSample>;

export const ZSeverity = z.enum(["INFO", "WARNING", "CRITICAL"]);
export type TSeverity = z.infer<typeof ZSeverity>;

/** Something that happened on the rig: a workload switch, a thermal trip, a probe timeout. */
export const ZAgentEvent = z.object({
  /** Unique per rig; redelivery of the same id is stored once. */
  id: z.string().min(1).max(64),
  at: ZTimestamp,
  type: z
    .string()
    .min(1)
    .max(64)
    .regex(/^[a-z0-9_.]+$/),
  severity: ZSeverity,
  message: z.string().max(2000),
  data: z.record(z.string().max(64), z.union([z.string().max(2000), z.number().finite(), z.boolean(), z.null()])).optional(),
});
export type TAgentEvent = z.infer<typeof ZAgentEvent>;

/** What the agent is doing now, as it sees it. */
export const ZReportedState = z.object({
  appliedGeneration: z.number().int().min(0).nullable(),
  mode: ZWorkMode,
  workload: ZWorkloadKey.nullable(),
  phase: z.enum(["steady", "switching", "failed", "fallback"]),
});
export type TReportedState = z.infer<typeof ZReportedState>;

export const MAX_SAMPLES_PER_BATCH = 720;
export const MAX_EVENTS_PER_BATCH = 500;

// POST /api/agent/v1/telemetry
export const ZTelemetryBatch = z.object({
  /** Chosen by the agent, kept with the batch until acknowledged: a redelivered batch is stored once. */
  batchId: z.uuid(),
  sentAt: ZTimestamp,
  agentVersion: z.string().min(1).max(64),
  samples: z.array(ZSample).max(MAX_SAMPLES_PER_BATCH),
  events: z.array(ZAgentEvent).max(MAX_EVENTS_PER_BATCH).default([]),
  state: ZReportedState.optional(),
  /**
   * The workloads the rig's local config allows now. Sent with the first batch after each agent
   * start, so that an edited agent.yaml reaches the control plane on restart (enrollment sends
   * them once); the server replaces the rig's list with it.
   */
  workloads: z.array(ZWorkloadOffer).max(64).optional(),
});
export type TTelemetryBatch = z.infer<typeof ZTelemetryBatch>;
