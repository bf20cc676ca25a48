import { z } from "zod";
import { intField, isoTime, textField, usdField, ZRange } from "./fields";

// GET /api/v1/market/series/:id/points
export const ZSeriesPointsQuery = z.object({ range: ZRange.default("7d") });

// POST /api/v1/market/points
export const ZPricePoint = z.object({
  seriesKey: textField(200),
  at: isoTime,
  /** Dollars in the series' unit; electricity can go negative. */
  valueUsd: usdField({ allowNegative: true }),
  intervalSeconds: intField(60, 31 * 24 * 3600, "a whole number of seconds").optional(),
});

// POST /api/v1/market/import
export const ZPriceCsvImport = z.object({
  seriesKey: textField(200),
  csv: z.string({ error: "choose a CSV file" }).min(1, "the file is empty").max(3_500_000, "the file is too large (about 3 MB at most)"),
  intervalSeconds: intField(60, 31 * 24 * 3600, "a whole number of seconds").optional(),
});
