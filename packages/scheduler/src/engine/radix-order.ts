/**
 * Indices 0 .. count - 1 ordered by key, largest first, equal keys by ascending index: what
 * `order.sort((a, b) => key[b] - key[a] || a - b)` gives, for finite keys (-0 counts as 0).
 * A stable LSD radix sort on the keys' bits: linear, and no comparator call per comparison (at
 * 100k rigs the mining knapsack orders a few hundred thousand steps, twice per epoch).
 */
export function orderByKeyDescending(key: Float64Array, count: number): Int32Array {
  // Each key as 64 bits that compare, as unsigned integers, the way the keys compare descending.
  const hi = new Uint32Array(count);
  const lo = new Uint32Array(count);
  for (let i = 0; i < count; i++) {
    bits[0] = (key[i] as number) + 0; // -0 + 0 is +0
    const h = words[HIGH] as number;
    const l = words[LOW] as number;
    // Ascending order: negative keys flip every bit, others set the sign bit; descending flips again.
    if (h >>> 31 === 1) {
      hi[i] = h;
      lo[i] = l;
    } else {
      hi[i] = ~h & 0x7fffffff;
      lo[i] = ~l >>> 0;
    }
  }
  let order = new Int32Array(count);
  let next = new Int32Array(count);
  for (let i = 0; i < count; i++) order[i] = i;
  const counts = new Int32Array(RADIX + 1);
  // Least significant digit first; each pass is stable, so equal keys keep ascending index.
  for (const [word, shift] of PASSES) {
    const digits = word === 0 ? lo : hi;
    counts.fill(0);
    for (let i = 0; i < count; i++) {
      const d = (((digits[i] as number) >>> shift) & MASK) + 1;
      counts[d] = (counts[d] as number) + 1;
    }
    let spread = 0;
    for (let d = 1; d <= RADIX; d++) if ((counts[d] as number) > 0) spread += 1;
    if (spread <= 1) continue; // every key has this digit: the pass would change nothing
    for (let d = 1; d <= RADIX; d++) counts[d] = (counts[d] as number) + (counts[d - 1] as number);
    for (let i = 0; i < count; i++) {
      const k = order[i] as number;
      const d = ((digits[k] as number) >>> shift) & MASK;
      next[counts[d] as number] = k;
      counts[d] = (counts[d] as number) + 1;
    }
    const t = order;
    order = next;
    next = t;
  }
  return order;
}

const bits = new Float64Array(1);
const words = new Uint32Array(bits.buffer);
const HIGH = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0; // little-endian: the high word second
const LOW = 1 - HIGH;
const RADIX = 1 << 16;
const MASK = RADIX - 1;
const PASSES: readonly (readonly [number, number])[] = [
  [0, 0],
  [0, 16],
  [1, 0],
  [1, 16],
];
