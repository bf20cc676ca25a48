import { withRoom } from "./arrays";
import { aiRuntimeOf, classCount, freeGpus, type GreedyState } from "./greedy-state";
import { MinHeap } from "./heap";
import type { RigModel } from "./model";

/**
 * Rigs bucketed for job matching, so a job never scans the farm: one pool per (runtime, site,
 * GPU model, VRAM), and in each pool the rigs' GPU classes bucketed by free GPU count, split into
 * rigs already in AI mode with that runtime (`active`, no switch needed) and rigs that would have
 * to switch (`fresh`, a heap by switching cost). Entries are rig * 16 + class index. Entries go
 * stale when a rig changes; they are checked and dropped when they reach the front.
 */
export interface Pool {
  runtime: string;
  siteIndex: number;
  model: string;
  vramMb: number;
  maxCount: number;
  active: Set<number>[]; // index: free GPU count
  fresh: MinHeap[]; // index: free GPU count; key: switching cost (USD/h at the site's shadow price)
  members: number[]; // every rig class of the pool
  slotPriceUsdPerGpuHour: number; // what a GPU of the pool is worth to other jobs (0: not priced)
  index: number; // position among the pools, in order of creation
}

export const CLASS_SLOTS = 16;

export class JobPools {
  readonly byRuntime = new Map<string, Pool[]>();
  /**
   * The pools each rig's classes are in, as columns rather than an object per membership (at
   * 100k rigs those were most of what the pools allocated): rig r's memberships are rows
   * memberStart[r] .. memberStart[r + 1] - 1, each naming a pool (index into `pools`), the class
   * and the rig's switching cost for the pool's runtime.
   */
  private readonly pools: Pool[] = [];
  private readonly memberStart: Int32Array;
  // Typed columns grown with withRoom (arrays.ts); rows 0 .. memberStart[rigs] - 1 are used.
  private memberPool: Int32Array;
  private memberCls: Int32Array;
  private memberConversion: Float64Array;

  constructor(
    private readonly state: GreedyState,
    conversionUsdPerHour: (r: number, runtime: string) => number,
  ) {
    const all = this.pools;
    const bySite = new Map<string, Pool[][]>(); // runtime -> site -> pools
    const { rigs, table, rigColumns } = state.problem;
    this.memberStart = new Int32Array(rigs.length + 1);
    this.memberPool = new Int32Array(rigs.length);
    this.memberCls = new Int32Array(rigs.length);
    this.memberConversion = new Float64Array(rigs.length);
    let members = 0;
    for (let r = 0; r < rigs.length; r++) {
      this.memberStart[r] = members;
      if (rigColumns.acceptsNewJobs[r] !== 1) continue;
      const rig = rigs[r] as RigModel;
      const end = table.start[r + 1] as number;
      for (let row = table.start[r] as number; row < end; row++) {
        const runtime = table.workload[row] ?? null;
        if (table.isAi[row] !== 1 || runtime === null) continue;
        const conversion = conversionUsdPerHour(rig.index, runtime);
        for (let ci = 0; ci < rig.classes.length && ci < CLASS_SLOTS; ci++) {
          const c = rig.classes[ci];
          if (!c) continue;
          let sites = bySite.get(runtime);
          if (!sites) {
            sites = [];
            bySite.set(runtime, sites);
          }
          const atSite = sites[rig.siteIndex] ?? [];
          sites[rig.siteIndex] = atSite;
          let pool: Pool | null = null;
          for (const p of atSite) if (p.model === c.model && p.vramMb === c.vramMb) pool = p;
          if (!pool) {
            pool = {
              runtime,
              siteIndex: rig.siteIndex,
              model: c.model,
              vramMb: c.vramMb,
              maxCount: 0,
              active: [],
              fresh: [],
              members: [],
              slotPriceUsdPerGpuHour: 0,
              index: all.length,
            };
            atSite.push(pool);
            all.push(pool);
            const list = this.byRuntime.get(runtime);
            if (list) list.push(pool);
            else this.byRuntime.set(runtime, [pool]);
          }
          pool.maxCount = Math.max(pool.maxCount, c.indices.length);
          pool.members.push(rig.index * CLASS_SLOTS + ci);
          if (members === this.memberPool.length) {
            this.memberPool = withRoom(this.memberPool, members, members + 1);
            this.memberCls = withRoom(this.memberCls, members, members + 1);
            this.memberConversion = withRoom(this.memberConversion, members, members + 1);
          }
          this.memberPool[members] = pool.index;
          this.memberCls[members] = ci;
          this.memberConversion[members] = conversion;
          members += 1;
        }
      }
    }
    this.memberStart[rigs.length] = members;
    for (const pool of all) {
      for (let f = 0; f <= pool.maxCount; f++) {
        pool.active.push(new Set());
        pool.fresh.push(new MinHeap());
      }
    }
    for (let r = 0; r < rigs.length; r++) if ((this.memberStart[r + 1] as number) > (this.memberStart[r] as number)) this.modeChanged(r);
  }

  /** First rig class in the active bucket with exactly `free` free GPUs, or undefined. */
  firstActive(pool: Pool, free: number): number | undefined {
    const bucket = pool.active[free];
    if (!bucket) return undefined;
    for (const entry of bucket) {
      const r = Math.floor(entry / CLASS_SLOTS);
      if (aiRuntimeOf(this.state, r) === pool.runtime && freeGpus(this.state, r, entry % CLASS_SLOTS) === free) return entry;
      bucket.delete(entry); // stale: the rig changed mode or free count since
    }
    return undefined;
  }

  /**
   * Cheapest valid fresh rig class with exactly `free` free GPUs, or undefined; its switching
   * cost is then freshConversion(pool, free).
   */
  firstFresh(pool: Pool, free: number): number | undefined {
    const heap = pool.fresh[free];
    if (!heap) return undefined;
    while (heap.size > 0) {
      const entry = heap.peekValue() as number;
      const r = Math.floor(entry / CLASS_SLOTS);
      if (aiRuntimeOf(this.state, r) === null && freeGpus(this.state, r, entry % CLASS_SLOTS) === free) return entry;
      heap.pop();
    }
    return undefined;
  }

  /** Switching cost (USD/h) of the entry firstFresh(pool, free) just returned. */
  freshConversion(pool: Pool, free: number): number {
    return pool.fresh[free]?.peekKey() ?? 0;
  }

  /** Call after rig r changed option: its classes move to the buckets of its new mode. */
  modeChanged(r: number): void {
    const classes = classCount(this.state, r);
    for (let c = 0; c < classes; c++) this.insert(r, c);
  }

  /** Call after the free count of (r, cls) changed from `before`. */
  freeChanged(r: number, cls: number, before: number): void {
    const runtime = aiRuntimeOf(this.state, r);
    const entry = r * CLASS_SLOTS + cls;
    const end = this.memberStart[r + 1] as number;
    for (let k = this.memberStart[r] as number; k < end; k++) {
      if (this.memberCls[k] !== cls) continue;
      const pool = this.pools[this.memberPool[k] as number] as Pool;
      if (pool.runtime === runtime) pool.active[before]?.delete(entry);
    }
    this.insert(r, cls);
  }

  private insert(r: number, cls: number): void {
    const free = freeGpus(this.state, r, cls);
    if (free <= 0) return;
    const runtime = aiRuntimeOf(this.state, r);
    const entry = r * CLASS_SLOTS + cls;
    const end = this.memberStart[r + 1] as number;
    for (let k = this.memberStart[r] as number; k < end; k++) {
      if (this.memberCls[k] !== cls) continue;
      const pool = this.pools[this.memberPool[k] as number] as Pool;
      if (runtime === null) pool.fresh[free]?.push(this.memberConversion[k] as number, entry);
      else if (pool.runtime === runtime) pool.active[free]?.add(entry);
    }
  }
}
