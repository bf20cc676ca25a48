import { describe, expect, it } from "vitest";
import { isAbsentText, maxKnown, parseMeasure, sumKnown, toFiniteNumber } from "./measure";

describe("parseMeasure", () => {
  it.each([
    ["250.00 W", "W", 250],
    ["8119 MiB", "MiB", 8119],
    ["45 C", "C", 45],
    ["30 %", "%", 30],
    ["71", "C", 71],
    ["1950 MHz", "MHz", 1950],
    ["-5 C", "C", -5],
  ])("%s -> %d", (text, unit, expected) => {
    expect(parseMeasure(text, unit)).toBe(expected);
  });

  it.each([
    "N/A",
    "[N/A]",
    "Not Supported",
    "[Not Supported]",
    "Unknown Error",
    "[Unknown Error]",
    "Requested functionality has been deprecated",
    "",
    "   ",
    "abc",
    "12 GiB",
    "NaN",
    "1e400",
  ])("%j -> undefined", (text) => {
    expect(parseMeasure(text, "MiB")).toBeUndefined();
  });

  it("rejects a unit other than the expected one instead of rescaling it", () => {
    expect(parseMeasure("8 GiB", "MiB")).toBeUndefined();
    expect(parseMeasure("250 W", undefined)).toBeUndefined();
  });
});

describe("helpers", () => {
  it("recognises absent markers", () => {
    expect(isAbsentText("[N/A]")).toBe(true);
    expect(isAbsentText("P2")).toBe(false);
  });

  it("reads numbers and numeric strings, never NaN", () => {
    expect(toFiniteNumber("13759.68")).toBe(13759.68);
    expect(toFiniteNumber(5)).toBe(5);
    expect(toFiniteNumber("")).toBeUndefined();
    expect(toFiniteNumber("x")).toBeUndefined();
    expect(toFiniteNumber(Number.NaN)).toBeUndefined();
    expect(toFiniteNumber(null)).toBeUndefined();
  });

  it("sums and maxes only known values", () => {
    expect(sumKnown([undefined, undefined])).toBeUndefined();
    expect(sumKnown([1, undefined, 2])).toBe(3);
    expect(maxKnown([undefined, 3, 7])).toBe(7);
    expect(maxKnown([])).toBeUndefined();
  });
});
