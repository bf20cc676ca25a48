import { describe, expect, it } from "vitest";
import { parsePriceCsv } from "./parse-price-csv";

describe("parsePriceCsv", () => {
  it("parses rows exactly into micro-dollars", () => {
    const r = parsePriceCsv("timestamp,value\n2026-11-20T00:00:00Z,42.15\r\n2026-11-20T02:00:00+01:00,-3.5\n\n");
    expect(r.errors).toEqual([]);
    expect(r.points).toEqual([
      { at: new Date("2026-11-20T00:00:00Z"), valueMicroUsd: 42_150_000n },
      { at: new Date("2026-11-20T01:00:00Z"), valueMicroUsd: -3_500_000n },
    ]);
  });

  it("reports every bad row by line number and keeps nothing", () => {
    const r = parsePriceCsv(["timestamp,value", "2026-11-20T00:00:00Z,1", "yesterday,2", "2026-11-20T02:00:00Z,abc", "2026-11-20T00:00:00Z,3", "2026-11-20T03:00:00Z"].join("\n"));
    expect(r.points).toEqual([]);
    expect(r.errors.map((e) => e.line)).toEqual([3, 4, 5, 6]);
    expect(r.errors[0]!.message).toMatch(/not ISO 8601/);
    expect(r.errors[1]!.message).toMatch(/not a dollar amount/);
    expect(r.errors[2]!.message).toMatch(/repeats line 2/);
    expect(r.errors[3]!.message).toMatch(/2 columns/);
  });

  it.each([
    ["", /header/],
    ["time,price\n2026-11-20T00:00:00Z,1", /header/],
    ["timestamp,value\n", /no rows/],
    ["timestamp,value\n2026-11-20 00:00,1", /offset/],
  ])("refuses %j", (text, message) => {
    expect(parsePriceCsv(text).errors[0]!.message).toMatch(message);
  });
});
