/**
 * The array at its exact size (a copy, unless empty). An array grown by push from `[]` keeps
 * room for 17 elements (V8 grows to 1.5 n + 16): for the short lists the model and the plan keep
 * per rig, the slack is more memory than the elements, and at 100k rigs the young-generation GC
 * copies all of it. Use on lists that are kept, once they are complete.
 */
export function exactSize<T>(items: T[]): T[] {
  return items.length === 0 ? items : items.slice();
}
