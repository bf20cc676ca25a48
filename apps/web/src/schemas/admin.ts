import { z } from "zod";
import { intField, textField } from "./fields";

export const ZRole = z.enum(["ADMIN", "OPERATOR", "FINANCE", "VIEWER"], { error: "choose a role" });

// POST /api/v1/users
export const ZUserCreate = z.object({
  email: z.email({ error: "a valid email address" }).max(200),
  name: textField(120),
  role: ZRole,
  password: z.string({ error: "required" }).min(12, "at least 12 characters").max(200, "at most 200 characters"),
});

// PATCH /api/v1/users/:id
export const ZUserUpdate = z
  .object({ role: ZRole.optional(), disabled: z.boolean().optional() })
  .refine((v) => v.role !== undefined || v.disabled !== undefined, { error: "change the role or the disabled flag" });

// POST /api/v1/enrollment-tokens
export const ZEnrollmentTokenCreate = z.object({
  siteId: intField(1, 2_147_483_647).pipe(z.number({ error: "choose a site" })),
  label: textField(120),
  ttlHours: intField(1, 24 * 30).default(168),
});

// POST /api/v1/api-keys
export const ZApiKeyCreate = z.object({ customer: textField(120) });
