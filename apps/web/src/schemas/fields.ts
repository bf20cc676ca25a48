/**
 * Field schemas shared by forms (browser) and route handlers (server): the same rules, the same
 * messages, so a bad field is named the same way wherever it is caught. Form inputs arrive as
 * text; JSON clients send numbers: both are accepted.
 */
import { z } from "zod";

const blankToUndefined = (v: unknown) => (typeof v === "string" ? (v.trim() === "" ? undefined : Number(v.trim())) : v);

export const intField = (min: number, max: number, what = "a whole number") =>
  z.preprocess(
    blankToUndefined,
    z
      .number({ error: (i) => (i.input === undefined ? "required" : `must be ${what}`) })
      .int(`must be ${what}`)
      .min(min, `must be at least ${min}`)
      .max(max, `must be at most ${max}`),
  );

export const numberField = (min: number, max: number) =>
  z.preprocess(
    blankToUndefined,
    z
      .number({ error: (i) => (i.input === undefined ? "required" : "must be a number") })
      .min(min, `must be at least ${min}`)
      .max(max, `must be at most ${max}`),
  );

/** Dollars as exact decimal text ("2.35"): never a float on the way to micro-dollars. */
export const usdField = (opts: { allowNegative?: boolean } = {}) =>
  z
    .union([z.string(), z.number()], { error: "required" })
    .transform((v) => String(v).trim())
    .pipe(
      z
        .string()
        .min(1, "required")
        .regex(opts.allowNegative ? /^-?\d{1,12}(\.\d{1,6})?$/ : /^\d{1,12}(\.\d{1,6})?$/, "a dollar amount with at most 6 decimals, e.g. 2.35"),
    );

export const textField = (max: number) => z.string({ error: "required" }).trim().min(1, "required").max(max, `at most ${max} characters`);

/** An ISO-8601 time with an offset (forms convert their local time before sending). */
export const isoTime = z.iso
  .datetime({ offset: true, error: "a date and time, e.g. 2026-11-22T14:00:00Z" })
  // Postgres has no year 0 (and the regex allows it): years 1 to 9999, in UTC.
  .refine((v) => {
    const year = new Date(v).getUTCFullYear();
    return year >= 1 && year <= 9999;
  }, "a date between the years 1 and 9999");

export const ZMode = z.enum(["MINE", "AI", "IDLE"], { error: "choose mine, AI or idle" });
export type TMode = z.infer<typeof ZMode>;

/** Workload keys as the agent protocol allows them. */
export const workloadKey = z
  .string()
  .trim()
  .min(1, "required")
  .max(64, "at most 64 characters")
  .regex(/^[a-z0-9][a-z0-9._-]*$/, "lower-case letters, digits, '.', '_' and '-' only");

export const page = intField(1, 100_000).default(1);
export const pageSize = (max = 200, fallback = 50) => intField(1, max).default(fallback);
export const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .optional()
    .transform((v) => (v ? v : undefined));

export const ZRange = z.enum(["1h", "6h", "24h", "7d", "30d"], { error: "one of 1h, 6h, 24h, 7d, 30d" });
export type TRange = z.infer<typeof ZRange>;

/** Field-level messages from a zod error: the first message per top-level field. */
export function fieldErrors(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = String(issue.path[0] ?? "_form");
    out[key] ??= issue.message;
  }
  return out;
}
