/**
 * The array at its exact size (a copy, unless empty). An array grown by push from `[]` keeps
 * room for 17 elements (V8 grows to 1.5 n + 16): for the short lists the model and the plan keep
 * per rig, the slack is more memory than the elements, and at 100k rigs the young-generation GC
 * copies all of it. Use on lists that are kept, once they are complete.
 */
export function exactSize<T>(items: T[]): T[] {
  return items.length === 0 ? items : items.slice();
}

/** Comparator for sorting numbers in ascending order (a module function, not a closure per call). */
export function ascending(a: number, b: number): number {
  return a - b;
}

/**
 * `column` with room for at least `size` elements, its first `used` kept: a typed column that
 * grows by doubling. Columns of farm size are built this way, not by push: push grows a JS array
 * by half at a time, and past 128 kB each growth is a new large object copied whole, so 100k
 * pushes took 8 ms where a typed column takes under 1 ms, and its storage is not copied by the GC.
 */
export function withRoom<T extends Int32Array | Float64Array>(column: T, used: number, size: number): T {
  if (size <= column.length) return column;
  const grown = new (column.constructor as new (n: number) => T)(Math.max(size, 2 * column.length));
  grown.set(column.subarray(0, used));
  return grown;
}
