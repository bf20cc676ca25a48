import type { TDeviceInventory, TDeviceReading, TRigReading } from "@rigshift/protocol";
import { ZDeviceInventory, ZDeviceReading, ZRigReading } from "@rigshift/protocol";
import type { z } from "zod";
import type { TProbeProblem } from "../backend";

type TObjectSchema = { shape: Record<string, z.ZodType> };

/**
 * Keeps each field that its protocol schema accepts and drops (and reports) each one it does
 * not: a reading out of range is a fact worth telling, never a value to clamp into range.
 * Undefined fields are simply left out.
 */
function sanitize<T extends object>(
  schema: TObjectSchema,
  value: Record<string, unknown>,
  { source, label }: { source: string; label: string },
): { value: T; problems: TProbeProblem[] } {
  const kept: Record<string, unknown> = {};
  const problems: TProbeProblem[] = [];
  for (const [key, fieldValue] of Object.entries(value)) {
    if (fieldValue === undefined) continue;
    const fieldSchema = schema.shape[key];
    if (fieldSchema === undefined) {
      problems.push({ source, kind: "unparseable", message: `${label}: field ${key} is not in the protocol, dropped` });
      continue;
    }
    if (fieldSchema.safeParse(fieldValue).success) {
      kept[key] = fieldValue;
    } else {
      problems.push({
        source,
        kind: "unparseable",
        message: `${label}: ${key}=${JSON.stringify(fieldValue)} is outside what the protocol accepts, dropped`,
      });
    }
  }
  return { value: kept as T, problems };
}

export function sanitizeDeviceReading(reading: TDeviceReading, source: string) {
  const label = `${reading.kind} ${reading.index}`;
  return sanitize<TDeviceReading>(ZDeviceReading, { ...reading }, { source, label });
}

export function sanitizeRigReading(reading: TRigReading, source: string) {
  return sanitize<TRigReading>(ZRigReading, { ...reading }, { source, label: "rig" });
}

export function sanitizeDeviceInventory(device: TDeviceInventory, source: string) {
  const label = `${device.kind} ${device.index} inventory`;
  return sanitize<TDeviceInventory>(ZDeviceInventory, { ...device }, { source, label });
}
