import { z } from "zod";
import { intField, isoTime, numberField, textField, usdField, ZMode, ZRange } from "./fields";

// GET /api/v1/overview/power
export const ZOverviewPowerQuery = z.object({ range: ZRange.default("24h"), siteId: intField(1, 2_147_483_647).optional() });

// GET /api/v1/sites/:id/power
export const ZSitePowerQuery = z.object({ range: ZRange.default("24h") });

// PUT /api/v1/sites/:id/policy
export const ZPolicy = z.object({
  maxInletTempC: numberField(0, 60),
  maxGpuTempC: numberField(30, 110),
  minDwellSeconds: intField(0, 24 * 3600, "a whole number of seconds"),
  hysteresisBps: intField(0, 10_000, "a whole number of basis points"),
  /** $/MWh; null or blank: curtail on profit only. */
  curtailStrikeUsdPerMwh: z.preprocess((v) => (v === "" || v === undefined ? null : v), usdField({ allowNegative: true }).nullable()),
  fallbackMode: ZMode,
});

// POST /api/v1/sites/:id/cap-windows
export const ZCapWindow = z.object({
  startsAt: isoTime,
  endsAt: isoTime,
  capKw: numberField(0, 1_000_000),
  reason: textField(200),
});
