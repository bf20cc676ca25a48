import { aiRuntimeOf, type GreedyState } from "./greedy-state";
import { MinHeap } from "./heap";

/**
 * Rigs bucketed for job matching, so a job never scans the farm: one pool per (runtime, site,
 * GPU model, VRAM), and in each pool the rigs' GPU classes bucketed by free GPU count, split into
 * rigs already in AI mode with that runtime (`active`, no conversion needed) and rigs that would
 * have to switch (`fresh`, a heap by conversion cost). Entries are rig * 16 + class index.
 * Stale heap entries are dropped lazily when they reach the top.
 */
export interface Pool {
  runtime: string;
  siteIndex: number;
  model: string;
  vramMb: number;
  maxCount: number;
  active: Set<number>[]; // index: free GPU count
  fresh: MinHeap[]; // index: free GPU count; key: conversion cost (USD/h at the site's shadow price)
}

export const CLASS_SLOTS = 16;

export class JobPools {
  readonly byRuntime = new Map<string, Pool[]>();
  private readonly rigPools: { pool: Pool; cls: number; conversionUsdPerHour: number }[][];

  constructor(
    private readonly state: GreedyState,
    conversionUsdPerHour: (r: number, runtime: string) => number,
  ) {
    const { problem } = state;
    const byKey = new Map<string, Pool>();
    this.rigPools = problem.rigs.map(() => []);
    for (const rig of problem.rigs) {
      const ai = state.aiOption[rig.index];
      if (!rig.acceptsNewJobs || !ai) continue;
      for (const runtime of ai.keys()) {
        const conversion = conversionUsdPerHour(rig.index, runtime);
        rig.classes.forEach((c, ci) => {
          if (ci >= CLASS_SLOTS) return;
          const key = `${runtime}\u0000${rig.siteIndex}\u0000${c.model}\u0000${c.vramMb}`;
          let pool = byKey.get(key);
          if (!pool) {
            pool = { runtime, siteIndex: rig.siteIndex, model: c.model, vramMb: c.vramMb, maxCount: 0, active: [], fresh: [] };
            byKey.set(key, pool);
            const list = this.byRuntime.get(runtime) ?? [];
            list.push(pool);
            this.byRuntime.set(runtime, list);
          }
          pool.maxCount = Math.max(pool.maxCount, c.indices.length);
          this.rigPools[rig.index]?.push({ pool, cls: ci, conversionUsdPerHour: conversion });
        });
      }
    }
    for (const pool of byKey.values()) {
      for (let f = 0; f <= pool.maxCount; f++) {
        pool.active.push(new Set());
        pool.fresh.push(new MinHeap());
      }
    }
    for (const rig of problem.rigs) {
      rig.classes.forEach((_, ci) => this.insert(rig.index, ci, state.classFree[rig.index]?.[ci] ?? 0));
    }
  }

  /** First rig class in the active bucket with exactly `free` free GPUs, or undefined. */
  firstActive(pool: Pool, free: number): number | undefined {
    const bucket = pool.active[free];
    if (!bucket || bucket.size === 0) return undefined;
    return bucket.values().next().value;
  }

  /** Cheapest valid fresh rig class with exactly `free` free GPUs, or undefined. */
  firstFresh(pool: Pool, free: number): { entry: number; conversionUsdPerHour: number } | undefined {
    const heap = pool.fresh[free];
    if (!heap) return undefined;
    while (heap.size > 0) {
      const entry = heap.peekValue() as number;
      const r = Math.floor(entry / CLASS_SLOTS);
      const c = entry % CLASS_SLOTS;
      if (aiRuntimeOf(this.state, r) === null && this.state.classFree[r]?.[c] === free) {
        return { entry, conversionUsdPerHour: heap.peekKey() as number };
      }
      heap.pop();
    }
    return undefined;
  }

  /** Call after rig r switched to AI mode: its classes join the active buckets of its runtime. */
  converted(r: number): void {
    const runtime = aiRuntimeOf(this.state, r);
    for (const { pool, cls } of this.rigPools[r] ?? []) {
      const free = this.state.classFree[r]?.[cls] ?? 0;
      if (pool.runtime === runtime && free > 0) pool.active[free]?.add(r * CLASS_SLOTS + cls);
    }
  }

  /** Call after the free count of (r, cls) changed from `before` to the value in classFree. */
  freeChanged(r: number, cls: number, before: number): void {
    const runtime = aiRuntimeOf(this.state, r);
    const entry = r * CLASS_SLOTS + cls;
    for (const { pool, cls: c } of this.rigPools[r] ?? []) {
      if (c !== cls || pool.runtime !== runtime) continue;
      pool.active[before]?.delete(entry);
    }
    this.insert(r, cls, this.state.classFree[r]?.[cls] ?? 0);
  }

  private insert(r: number, cls: number, free: number): void {
    if (free <= 0) return;
    const runtime = aiRuntimeOf(this.state, r);
    const entry = r * CLASS_SLOTS + cls;
    for (const { pool, cls: c, conversionUsdPerHour } of this.rigPools[r] ?? []) {
      if (c !== cls) continue;
      if (runtime === null) pool.fresh[free]?.push(conversionUsdPerHour, entry);
      else if (pool.runtime === runtime) pool.active[free]?.add(entry);
    }
  }
}
