/**
 * Query strings and bodies of the finance API. Dates are local dates in `timeZone`
 * ("2026-11-01", `to` exclusive) or ISO-8601 instants with an offset.
 */
import { ExportFormat, GRANULARITIES, GROUP_BYS, isTimeZone, localDateToInstant, type TReportParams } from "@rigshift/db";
import { z } from "zod";

const ZWhen = z.union([z.iso.date(), z.iso.datetime({ offset: true })], { error: "a date (2026-11-01) or an ISO-8601 time with offset" });

const ZParams = z.object({
  from: ZWhen,
  to: ZWhen,
  groupBy: z.enum(GROUP_BYS).default("farm"),
  granularity: z.enum(GRANULARITIES).default("day"),
  timeZone: z.string().default("UTC").refine(isTimeZone, "an IANA time zone, e.g. America/Chicago"),
});

function toParams(p: z.infer<typeof ZParams>, ctx: z.RefinementCtx): TReportParams {
  const at = (v: string) => (v.length === 10 ? localDateToInstant(v, p.timeZone) : new Date(v));
  const params = { ...p, from: at(p.from), to: at(p.to) };
  if (!(params.to > params.from)) ctx.addIssue({ code: "custom", path: ["to"], message: "must be after from" });
  return params;
}

export const ZReportQuery = ZParams.extend({ format: z.enum(["json", "csv"]).default("json") }).transform((q, ctx) => ({ format: q.format, params: toParams(q, ctx) }));

export const ZExportRequest = ZParams.extend({ format: z.enum(ExportFormat) }).transform((q, ctx) => ({ format: q.format, params: toParams(q, ctx) }));

export const ZRebuildRequest = z
  .object({ from: ZWhen, to: ZWhen, timeZone: z.string().default("UTC").refine(isTimeZone, "an IANA time zone") })
  .transform((q, ctx) => toParams({ ...q, groupBy: "farm", granularity: "day" }, ctx));
