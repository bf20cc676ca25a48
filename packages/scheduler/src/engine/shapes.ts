/**
 * Objects kept for the life of the process so that V8 keeps their hidden classes.
 *
 * V8 drops a hidden class (the map that optimised code checks objects against) at a full GC once
 * no object of it is alive, and throws away the optimised code of every function that read such
 * objects. The engine's per-epoch objects (its option table, lists, caches) are all garbage by
 * the next epoch, so without a kept exemplar its hot functions began every epoch deoptimised:
 * at 100k rigs the model's rules ran in the interpreter for the first part of each epoch, until
 * V8 had compiled them again (a third of the model's time), and the placement's pools, heaps
 * and eviction index did the same in the solve phase. The option table, the top-k lists of
 * improve.ts, the GPU class-list cache, the heap and, built on an empty farm in greedy.ts, the
 * greedy state, job pools and eviction index keep one (see the engine README). An exemplar is
 * an empty instance built by the same constructor, so it has the same hidden class and holds no
 * data.
 */
const kept: object[] = [];

/** Keeps `exemplar` alive for good. */
export function keepShape(exemplar: object): void {
  kept.push(exemplar);
}
