import { describe, expect, it } from "vitest";
import { orderByKeyDescending } from "./radix-order";
import { prng } from "./testing/prng";

function bySort(key: Float64Array): number[] {
  const order = Array.from({ length: key.length }, (_, i) => i);
  return order.sort((a, b) => (key[b] as number) - (key[a] as number) || a - b);
}

describe("orderByKeyDescending", () => {
  it.each([
    { name: "empty", keys: [] },
    { name: "one", keys: [3] },
    { name: "ties keep index order", keys: [1, 2, 1, 2, 1] },
    { name: "zero, negative zero and signs", keys: [0, -0, 1e-300, -1e-300, -5, 5, 0, -0] },
    { name: "extremes", keys: [Number.MAX_VALUE, -Number.MAX_VALUE, Number.MIN_VALUE, -Number.MIN_VALUE, Number.MAX_VALUE, 1, -1] },
  ])("$name: as the comparator sort", ({ keys }) => {
    const key = Float64Array.from(keys);
    expect([...orderByKeyDescending(key, key.length)]).toEqual(bySort(key));
  });

  it("seeded keys with many ties and every exponent range: as the comparator sort", () => {
    const rnd = prng(7);
    const key = new Float64Array(50_000);
    for (let i = 0; i < key.length; i++) {
      const r = rnd.next();
      key[i] = r < 0.3 ? rnd.int(-5, 5) / 4 : r < 0.6 ? (rnd.next() - 0.5) * 10 ** rnd.int(-12, 12) : r < 0.7 ? Number.MAX_VALUE : rnd.next() * 2 - 1;
    }
    expect([...orderByKeyDescending(key, key.length)]).toEqual(bySort(key));
  });

  it("orders only the first count keys", () => {
    const key = Float64Array.from([1, 3, 2, 9, 9]);
    expect([...orderByKeyDescending(key, 3)]).toEqual([1, 2, 0]);
  });
});
