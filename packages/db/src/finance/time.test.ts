import { describe, expect, it } from "vitest";
import { bucketBounds, isoInZone, isTimeZone, localDateToInstant, offsetMinutes } from "./time";

const iso = (ds: Date[]) => ds.map((d) => d.toISOString());

describe("finance time", () => {
  it.each([
    ["UTC", "2026-03-08", "2026-03-08T00:00:00.000Z"],
    ["America/Chicago", "2026-03-08", "2026-03-08T06:00:00.000Z"], // CST, the day DST starts
    ["America/Chicago", "2026-03-09", "2026-03-09T05:00:00.000Z"], // CDT
    ["Asia/Kolkata", "2026-01-01", "2025-12-31T18:30:00.000Z"],
  ])("a local date in %s starts at an exact instant (%s)", (tz, date, instant) => {
    expect(localDateToInstant(date, tz).toISOString()).toBe(instant);
  });

  it("writes ISO-8601 with the zone's offset", () => {
    expect(isoInZone(Date.parse("2026-03-09T05:00:00Z"), "America/Chicago")).toBe("2026-03-09T00:00:00-05:00");
    expect(isoInZone(Date.parse("2025-12-31T18:30:00Z"), "Asia/Kolkata")).toBe("2026-01-01T00:00:00+05:30");
    expect(offsetMinutes(Date.parse("2026-01-15T00:00:00Z"), "UTC")).toBe(0);
  });

  it("cuts days across a DST change (a 23-hour day), ISO weeks from Monday and months, clipped to the period", () => {
    const tz = "America/Chicago";
    const days = bucketBounds(localDateToInstant("2026-03-07", tz), localDateToInstant("2026-03-10", tz), "day", tz);
    expect(iso(days)).toEqual(["2026-03-07T06:00:00.000Z", "2026-03-08T06:00:00.000Z", "2026-03-09T05:00:00.000Z", "2026-03-10T05:00:00.000Z"]);
    // 2026-03-04 is a Wednesday: the first week is clipped, the next starts Monday 03-09.
    const weeks = bucketBounds(localDateToInstant("2026-03-04", tz), localDateToInstant("2026-03-20", tz), "week", tz);
    expect(iso(weeks)).toEqual(["2026-03-04T06:00:00.000Z", "2026-03-09T05:00:00.000Z", "2026-03-16T05:00:00.000Z", "2026-03-20T05:00:00.000Z"]);
    const months = bucketBounds(new Date("2026-01-15T00:00:00Z"), new Date("2026-03-01T00:00:00Z"), "month", "UTC");
    expect(iso(months)).toEqual(["2026-01-15T00:00:00.000Z", "2026-02-01T00:00:00.000Z", "2026-03-01T00:00:00.000Z"]);
    expect(bucketBounds(new Date("2026-01-01T00:00:00Z"), new Date("2026-01-01T03:00:00Z"), "hour", tz)).toHaveLength(4);
  });

  it("knows IANA zones and refuses anything else", () => {
    expect(isTimeZone("Europe/Berlin")).toBe(true);
    expect(isTimeZone("UTC")).toBe(true);
    expect(isTimeZone("Mars/Olympus")).toBe(false);
    expect(isTimeZone("UTC'; DROP TABLE x")).toBe(false);
  });
});
