import { describe, expect, it } from "vitest";
import { microToUsd, microToUsdText, parseUsdToMicro } from "./usd";

describe("parseUsdToMicro", () => {
  it.each([
    ["2.5", 2_500_000n],
    ["0.000001", 1n],
    ["-12.34", -12_340_000n],
    [" 42 ", 42_000_000n],
    [3.25, 3_250_000n],
  ])("parses %s exactly", (text, micro) => {
    expect(parseUsdToMicro(text)).toBe(micro);
  });

  it.each(["", "abc", "1.2345678", "1e3", "1,5", "--1", "."])("refuses %j", (text) => {
    expect(parseUsdToMicro(text)).toBeNull();
  });
});

describe("microToUsd / microToUsdText", () => {
  it("round-trips through text without losing a micro-dollar", () => {
    for (const micro of [0n, 1n, 2_500_000n, -12_340_000n, 123_456_789_012n]) expect(parseUsdToMicro(microToUsdText(micro))).toBe(micro);
  });
  it("gives dollars as a number for display", () => {
    expect(microToUsd(2_500_000n)).toBe(2.5);
  });
});
