import { z } from "zod";
import { intField, isoTime, numberField, optionalText, page, pageSize, textField, usdField, workloadKey } from "./fields";

/** A job as an operator (form) or a customer (public API) submits it. */
export const ZJobSubmit = z.object({
  name: textField(120),
  customer: textField(120),
  gpuCount: intField(1, 64),
  minVramGbPerGpu: numberField(0, 1024),
  gpuModels: z.array(z.string().trim().min(1).max(64)).max(16, "at most 16 models").default([]),
  priceUsdPerGpuHour: usdField(),
  durationSeconds: intField(60, 90 * 24 * 3600, "a whole number of seconds"),
  priority: intField(-100, 100).default(0),
  deadline: isoTime.nullish(),
  preemptible: z.boolean({ error: "true or false" }).default(true),
  runtimeProfile: workloadKey,
});
export type TJobSubmit = z.infer<typeof ZJobSubmit>;

/** The public API: the customer is the API key's, not the caller's to choose. */
export const ZPublicJobSubmit = ZJobSubmit.omit({ customer: true }).strict();

export const ZJobListQuery = z.object({
  view: z.enum(["active", "history"]).default("active"),
  status: z.enum(["QUEUED", "PLACED", "RUNNING", "COMPLETED", "FAILED", "CANCELLED"]).optional(),
  q: optionalText(100),
  page,
  pageSize: pageSize(100, 25),
});
