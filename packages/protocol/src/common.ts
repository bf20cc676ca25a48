import * as z from "zod";

/** Work a rig can be told to do. */
export const ZWorkMode = z.enum(["MINE", "AI", "IDLE"]);
export type TWorkMode = z.infer<typeof ZWorkMode>;

export const ZRigKind = z.enum(["GPU_RIG", "ASIC"]);
export type TRigKind = z.infer<typeof ZRigKind>;

export const ZDeviceKind = z.enum(["GPU", "HASHBOARD"]);
export type TDeviceKind = z.infer<typeof ZDeviceKind>;

/** A finite number within [min, max]: NaN and Infinity never pass. */
export const finite = (min: number, max: number) => z.number().finite().min(min).max(max);

/** ISO-8601 timestamp with an offset (agents send UTC "Z"). */
export const ZTimestamp = z.iso.datetime({ offset: true });

/** Workload keys come from rig configs and are echoed in URLs, logs and the UI: keep them tame. */
export const ZWorkloadKey = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9][a-z0-9._-]*$/, "lower-case letters, digits, '.', '_' and '-' only");

export const ZHostname = z
  .string()
  .min(1)
  .max(253)
  .regex(/^[A-Za-z0-9][A-Za-z0-9.-]*$/, "letters, digits, '.' and '-' only");

/** Canonical key for a GPU model name: "NVIDIA GeForce RTX 3090" and "RTX 3090" both give "rtx3090". */
export function gpuModelKey(name: string): string {
  return name
    .toLowerCase()
    .replace(/\b(nvidia|geforce|tesla)\b/g, "")
    .replace(/[^a-z0-9]/g, "");
}
