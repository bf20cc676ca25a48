import * as z from "zod";
import { finite, ZDeviceKind, ZHostname, ZRigKind, ZWorkloadKey, ZWorkMode } from "./common";

/** A device as the agent found it at start-up. */
export const ZDeviceInventory = z.object({
  index: z.number().int().min(0).max(255),
  kind: ZDeviceKind,
  uuid: z.string().max(128).optional(),
  model: z.string().min(1).max(128),
  vramMb: z.number().int().min(0).max(4_194_304).optional(),
  powerLimitW: finite(0, 10_000).optional(),
  nominalThs: finite(0, 10_000).optional(),
  nominalW: finite(0, 100_000).optional(),
  busId: z.string().max(64).optional(),
});
export type TDeviceInventory = z.infer<typeof ZDeviceInventory>;

/** A parameter the control plane may set, within bounds the rig declares. */
export const ZParamBounds = z.object({
  min: z.number().finite(),
  max: z.number().finite(),
  default: z.number().finite(),
});

/** A workload the rig's local config allows. The control plane can only pick among these. */
export const ZWorkloadOffer = z.object({
  key: ZWorkloadKey,
  mode: ZWorkMode,
  description: z.string().max(200).optional(),
  params: z.record(z.string().max(64), ZParamBounds).default({}),
});
export type TWorkloadOffer = z.infer<typeof ZWorkloadOffer>;

// POST /api/agent/v1/enroll
export const ZEnrollRequest = z.object({
  enrollmentToken: z.string().min(16).max(200),
  hostname: ZHostname,
  kind: ZRigKind,
  model: z.string().min(1).max(128),
  agentVersion: z.string().min(1).max(64),
  devices: z.array(ZDeviceInventory).max(64),
  workloads: z.array(ZWorkloadOffer).max(64),
  /**
   * The rig token the agent will use, chosen by the agent and kept on disk before the first
   * attempt: retrying after a lost answer gets the same enrollment instead of "token used".
   */
  proposedRigToken: z
    .string()
    .regex(/^rsa_[A-Za-z0-9_-]{43,}$/, "rsa_ followed by at least 43 base64url characters")
    .max(200)
    .optional(),
});
export type TEnrollRequest = z.infer<typeof ZEnrollRequest>;

export const ZEnrollResponse = z.object({
  rigId: z.number().int(),
  rigToken: z.string(),
  siteCode: z.string(),
});
export type TEnrollResponse = z.infer<typeof ZEnrollResponse>;

/** What the rig should be doing. Level-triggered: the agent converges to the newest generation. */
export const ZDesiredState = z.object({
  generation: z.number().int().min(0),
  mode: ZWorkMode,
  workload: ZWorkloadKey.nullable(),
  params: z.record(z.string().max(64), z.number().finite()).default({}),
  /** AI mode: the jobs to run and the GPUs each gets (disjoint). Empty otherwise. */
  jobs: z
    .array(z.object({ jobId: z.number().int(), gpuIndices: z.array(z.number().int().min(0).max(255)).max(64) }))
    .max(64)
    .default([]),
});
export type TDesiredState = z.infer<typeof ZDesiredState>;

export const ZTelemetryAck = z.object({
  accepted: z.number().int(),
  duplicate: z.boolean(),
  desired: ZDesiredState.nullable(),
  serverTime: z.string(),
});
export type TTelemetryAck = z.infer<typeof ZTelemetryAck>;

/** Every 4xx/5xx from the API has this shape. */
export const ZApiError = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  }),
});
export type TApiError = z.infer<typeof ZApiError>;
