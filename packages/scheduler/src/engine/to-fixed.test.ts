import { describe, expect, it } from "vitest";
import { formatUsd, toFixed, usdTextKey } from "./economics";
import { prng } from "./testing/prng";

// formatUsd's own toFixed must give the runtime's string for every amount: plans are compared
// byte for byte, and operators read these sentences.
describe("toFixed", () => {
  it.each([0, 1, 2, 3] as const)("%i digits: as Number.prototype.toFixed on seeded amounts of every size", (digits) => {
    const rnd = prng(100 + digits);
    const wrong: string[] = [];
    for (let i = 0; i < 100_000; i++) {
      const x = rnd.next() * 10 ** rnd.int(-6, 16);
      if (toFixed(x, digits) !== x.toFixed(digits)) wrong.push(`${x}: ${toFixed(x, digits)}`);
    }
    expect(wrong).toEqual([]);
  });

  it.each([0, 1, 2, 3] as const)("%i digits: as toFixed on ties and near-ties", (digits) => {
    const wrong: string[] = [];
    for (let k = 0; k < 20_000; k++) {
      const tie = (k + 0.5) / 10 ** digits;
      for (const x of [tie, tie * (1 + 1e-15), tie * (1 - 1e-15), tie + 1e-9, tie - 1e-9]) {
        if (toFixed(x, digits) !== x.toFixed(digits)) wrong.push(`${x}: ${toFixed(x, digits)}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it("as toFixed on zero, round numbers, the huge, NaN and infinity", () => {
    for (const x of [0, 1, 99.995, 99.9949, 0.9995, 0.99949, 100, 999_999.9995, 1e6, 1e14 + 0.5, 1e15, 1e21, 1e300, Number.NaN, Number.POSITIVE_INFINITY, Number.MIN_VALUE]) {
      for (const digits of [0, 1, 2, 3] as const) expect(toFixed(x, digits)).toBe(x.toFixed(digits));
    }
  });

  it("formatUsd keeps its sentences", () => {
    expect([formatUsd(1250.4), formatUsd(1.254), formatUsd(-0.4049), formatUsd(-0), formatUsd(0.0005), formatUsd(-99.999)]).toEqual([
      "$1250",
      "$1.25",
      "-$0.405",
      "$0.000",
      "$0.001",
      "-$100.00",
    ]);
  });

  // Sentences are shared between rigs by this key (sentences.ts): one key, one text.
  it("usdTextKey: amounts with one key have one formatUsd text", () => {
    const rnd = prng(42);
    const textOf = new Map<number, string>();
    const clashes: string[] = [];
    const amounts = [0, -0, 0.0005, -0.0005, 0.9995, 1, 99.995, 100, -99.999, 1e14, 1e15, Number.NaN, Number.POSITIVE_INFINITY];
    for (let i = 0; i < 200_000; i++) amounts.push((rnd.next() - 0.5) * 10 ** rnd.int(-4, 7), Math.round((rnd.next() - 0.5) * 1e5) / 1e4);
    for (const usd of amounts) {
      const key = usdTextKey(usd);
      if (key < 0) continue;
      const text = textOf.get(key);
      if (text === undefined) textOf.set(key, formatUsd(usd));
      else if (text !== formatUsd(usd)) clashes.push(`${usd}: ${formatUsd(usd)} vs ${text}`);
    }
    expect(clashes).toEqual([]);
    expect(textOf.size).toBeGreaterThan(1000);
    expect([Number.NaN, Number.POSITIVE_INFINITY, 1e21].map(usdTextKey)).toEqual([-1, -1, -1]);
  });
});
