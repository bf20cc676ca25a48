import { z } from "zod";
import { intField, isoTime, optionalText, page, pageSize } from "./fields";

const cursor = z
  .string()
  .regex(/^\d{1,19}$/, "a cursor from the previous page")
  // Ids are Postgres bigints: 19 digits can still exceed the largest.
  .refine((v) => /^\d{1,19}$/.test(v) && BigInt(v) <= 9_223_372_036_854_775_807n, "a cursor from the previous page")
  .optional();

// GET /api/v1/decisions
export const ZDecisionQuery = z.object({
  rigId: intField(1, 2_147_483_647).optional(),
  hostname: optionalText(100),
  mode: z.enum(["MINE", "AI", "IDLE"]).optional(),
  reason: optionalText(200),
  from: isoTime.optional(),
  to: isoTime.optional(),
  changedOnly: z.enum(["1", "0"]).optional(),
  before: cursor,
  limit: pageSize(200, 50),
});

// GET /api/v1/audit
export const ZAuditQuery = z.object({
  action: optionalText(100),
  targetType: optionalText(50),
  targetId: optionalText(50),
  actor: optionalText(200),
  before: cursor,
  limit: pageSize(200, 50),
});

// GET /api/v1/alerts
export const ZAlertQuery = z.object({ state: z.enum(["open", "acknowledged", "resolved"]).default("open"), page, pageSize: pageSize(200, 50) });

// GET /api/v1/agent-tokens
export const ZAgentTokenQuery = z.object({ q: optionalText(100), page, pageSize: pageSize(200, 25) });
