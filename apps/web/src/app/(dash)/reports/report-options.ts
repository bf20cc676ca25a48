/** The Reports page's choices and the query string they make. Dates are local dates in the chosen zone. */
export type TGroupBy = "farm" | "site" | "model" | "rig";
export type TGranularity = "hour" | "day" | "week" | "month";

export interface TOptions {
  /** First day, "2026-11-01" (local). */
  from: string;
  /** Last day, inclusive (local). */
  to: string;
  groupBy: TGroupBy;
  granularity: TGranularity;
  timeZone: string;
}

export const GROUP_LABEL: Record<TGroupBy, string> = { farm: "Farm", site: "Site", model: "Rig model", rig: "Rig" };
export const GRANULARITY_LABEL: Record<TGranularity, string> = { hour: "Hour", day: "Day", week: "Week", month: "Month" };

const pad = (n: number) => String(n).padStart(2, "0");
/** Today's date in `tz`. */
export function todayIn(tz: string): string {
  const parts = new Intl.DateTimeFormat("en-CA", { timeZone: tz, year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date());
  return parts;
}
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
const monthStart = (date: string, delta = 0) => {
  const d = new Date(`${date.slice(0, 7)}-01T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + delta);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-01`;
};

export const PRESETS = {
  yesterday: "Yesterday",
  last7: "Last 7 days",
  last30: "Last 30 days",
  thisMonth: "This month",
  lastMonth: "Last month",
} as const;
export type TPreset = keyof typeof PRESETS;

/** A preset's first and last day (inclusive), ending yesterday or today. */
export function presetRange(preset: TPreset, tz: string): { from: string; to: string } {
  const today = todayIn(tz);
  const yesterday = addDays(today, -1);
  switch (preset) {
    case "yesterday":
      return { from: yesterday, to: yesterday };
    case "last7":
      return { from: addDays(today, -7), to: yesterday };
    case "last30":
      return { from: addDays(today, -30), to: yesterday };
    case "thisMonth":
      return { from: monthStart(today), to: today };
    case "lastMonth":
      return { from: monthStart(today, -1), to: addDays(monthStart(today), -1) };
  }
}

/** The API's parameters: `to` is exclusive there. */
export function apiParams(o: TOptions) {
  return { from: o.from, to: addDays(o.to, 1), groupBy: o.groupBy, granularity: o.granularity, timeZone: o.timeZone };
}

export function browserTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
  } catch {
    return "UTC";
  }
}
