import type { GreedyState } from "./greedy-state";
import type { OptionTable } from "./model";
import { orderByKeyDescending } from "./radix-order";

const EPS_W = 1e-6;

/**
 * Greedy multiple-choice knapsack for rigs that host no job: each rig starts on its current
 * option and climbs its upper convex hull of (power, score); all steps of the farm are taken in
 * order of score per watt while their site has room (a step that does not fit blocks the rest of
 * that rig's climb; later, smaller steps of other rigs may still fit). `steps` are the climbs of
 * the rigs concerned, in that order (see climbSteps).
 *
 * With `commit` false nothing changes and only the shadow prices are returned: per site the score
 * per watt of the first step that did not fit (0 when everything fitted).
 */
export function mckpFill(state: GreedyState, steps: ClimbSteps, commit: boolean): Float64Array {
  const { problem } = state;
  const { table } = problem;
  const option = commit ? state.sol.option : state.sol.option.slice();
  const siteFree = commit ? state.siteFreeW : state.siteFreeW.slice();
  const lambda = new Float64Array(problem.sites.length);
  const lambdaSet = new Uint8Array(problem.sites.length);

  const blocked = new Uint8Array(problem.rigs.length);
  for (let s = 0; s < steps.count; s++) {
    const r = steps.rig[s] as number;
    if (blocked[r] || option[r] !== steps.from[s]) continue;
    const site = table.rigSite[r] ?? 0;
    const dP = steps.dPowerW[s] as number;
    if (dP <= EPS_W || dP <= (siteFree[site] as number) + EPS_W) {
      option[r] = steps.to[s] as number;
      siteFree[site] = (siteFree[site] as number) - dP;
    } else {
      blocked[r] = 1;
      if (!lambdaSet[site]) {
        lambdaSet[site] = 1;
        lambda[site] = Math.max(0, steps.density[s] as number);
      }
    }
  }
  return lambda;
}

/**
 * The hull steps of some rigs in the order the knapsack takes them: score per watt, highest
 * first; equal slopes by rig, then along the rig's climb. `start` is, per rig, the option its
 * climb starts from (-1 for rigs not included).
 */
export interface ClimbSteps {
  count: number;
  rig: Int32Array;
  from: Int32Array; // option index within the rig
  to: Int32Array;
  dPowerW: Float64Array;
  density: Float64Array; // USD/h per W
  start: Int32Array;
}

/**
 * The climbs of `rigIndices` from their options in `option`. A rig's climb depends
 * only on the option table and its start, so the climbs of `earlier` are kept for rigs that start
 * where they started then, already in order: only the other rigs' steps are built and sorted, and
 * the two ordered lists merged (a solver pass's dry run and its commit differ in a few rigs).
 */
export function climbSteps(table: OptionTable, rigIndices: readonly number[], option: Int32Array, earlier: ClimbSteps | null = null): ClimbSteps {
  const rigCount = table.rigSite.length;
  // Equal slopes are ordered by rig only when the rigs come in ascending order; otherwise no
  // start is recorded, and a later call builds every climb again.
  const ascending = isAscending(rigIndices);
  const start = new Int32Array(rigCount).fill(-1);
  for (let i = 0; ascending && i < rigIndices.length; i++) {
    const r = rigIndices[i] as number;
    start[r] = option[r] as number;
  }
  let kept: Uint8Array | null = null;
  let built: readonly number[] = rigIndices;
  if (earlier && ascending) {
    kept = new Uint8Array(rigCount);
    let restCount = 0;
    for (let i = 0; i < rigIndices.length; i++) {
      const r = rigIndices[i] as number;
      if (earlier.start[r] === start[r]) kept[r] = 1;
      else restCount += 1;
    }
    // Allocated at its size (see withRoom in arrays.ts).
    const rest: number[] = new Array(restCount);
    let k = 0;
    for (let i = 0; i < rigIndices.length; i++) {
      const r = rigIndices[i] as number;
      if (kept[r] !== 1) rest[k++] = r;
    }
    built = rest;
  }
  const steps = buildSteps(table, built, option);
  const order = orderByKeyDescending(steps.density, steps.count);
  if (!kept || !earlier) return inOrder(steps, order, start);
  return merged(earlier, kept, steps, order, start);
}

function isAscending(rigIndices: readonly number[]): boolean {
  for (let i = 1; i < rigIndices.length; i++) if ((rigIndices[i] as number) <= (rigIndices[i - 1] as number)) return false;
  return true;
}

/** Steps as built by buildSteps, in climb order. */
interface Steps {
  count: number;
  rig: Int32Array;
  from: Int32Array;
  to: Int32Array;
  dPowerW: Float64Array;
  density: Float64Array;
}

function emptyClimb(count: number, start: Int32Array): ClimbSteps {
  return {
    count: 0,
    rig: new Int32Array(count),
    from: new Int32Array(count),
    to: new Int32Array(count),
    dPowerW: new Float64Array(count),
    density: new Float64Array(count),
    start,
  };
}

function copyStep(out: ClimbSteps, steps: Steps, s: number): void {
  const i = out.count++;
  out.rig[i] = steps.rig[s] as number;
  out.from[i] = steps.from[s] as number;
  out.to[i] = steps.to[s] as number;
  out.dPowerW[i] = steps.dPowerW[s] as number;
  out.density[i] = steps.density[s] as number;
}

function inOrder(steps: Steps, order: Int32Array, start: Int32Array): ClimbSteps {
  const out = emptyClimb(steps.count, start);
  for (let i = 0; i < order.length; i++) copyStep(out, steps, order[i] as number);
  return out;
}

/**
 * The earlier climbs of the kept rigs and the new steps (ordered by `order`) as one list in climb
 * order. Both lists are in climb order and no rig is in both, so a step of the one comes first
 * when its slope is higher, or equal with a lower rig index: what sorting them together gives.
 */
function merged(earlier: ClimbSteps, kept: Uint8Array, steps: Steps, order: Int32Array, start: Int32Array): ClimbSteps {
  let keptCount = 0;
  for (let s = 0; s < earlier.count; s++) if (kept[earlier.rig[s] as number] === 1) keptCount += 1;
  const out = emptyClimb(keptCount + steps.count, start);
  let a = 0;
  let b = 0;
  for (;;) {
    while (a < earlier.count && kept[earlier.rig[a] as number] !== 1) a += 1;
    if (a >= earlier.count) break;
    if (b >= order.length) {
      copyStep(out, earlier, a++);
      continue;
    }
    const s = order[b] as number;
    const da = earlier.density[a] as number;
    const db = steps.density[s] as number;
    if (da > db || (da === db && (earlier.rig[a] as number) < (steps.rig[s] as number))) copyStep(out, earlier, a++);
    else {
      copyStep(out, steps, s);
      b += 1;
    }
  }
  for (; b < order.length; b++) copyStep(out, steps, order[b] as number);
  return out;
}

function buildSteps(table: OptionTable, rigIndices: readonly number[], option: Int32Array): Steps {
  let capacity = 0;
  let widest = 1;
  for (let i = 0; i < rigIndices.length; i++) {
    const r = rigIndices[i] as number;
    const count = (table.start[r + 1] ?? 0) - (table.start[r] ?? 0);
    capacity += Math.max(0, count - 1);
    widest = Math.max(widest, count);
  }
  const steps: Steps = {
    count: 0,
    rig: new Int32Array(capacity),
    from: new Int32Array(capacity),
    to: new Int32Array(capacity),
    dPowerW: new Float64Array(capacity),
    density: new Float64Array(capacity),
  };
  const hull = new Int32Array(widest);
  for (let i = 0; i < rigIndices.length; i++) {
    const r = rigIndices[i] as number;
    const first = table.start[r] ?? 0;
    const count = (table.start[r + 1] ?? 0) - first;
    if (count < 2) continue;
    const size = upperHull(table, first, count, first + (option[r] ?? 0), hull);
    for (let k = 1; k < size; k++) {
      const a = hull[k - 1] as number;
      const b = hull[k] as number;
      const i = steps.count++;
      const dP = (table.powerW[b] as number) - (table.powerW[a] as number);
      const dS = (table.score[b] as number) - (table.score[a] as number);
      steps.rig[i] = r;
      steps.from[i] = a - first;
      steps.to[i] = b - first;
      steps.dPowerW[i] = dP;
      steps.density[i] = dP > EPS_W ? dS / dP : Number.MAX_VALUE;
    }
  }
  return steps;
}

/**
 * Rows of the upper concave hull of (power, score) over rows first .. first + count - 1, from
 * row `start`, keeping only rows that draw more power and score more than the previous point.
 * Rigs have a handful of options, so selection by loops beats sorting. Written into
 * hull[0 .. size - 1] (room for `count` rows); returns size.
 */
export function upperHull(table: OptionTable, first: number, count: number, start: number, hull: Int32Array): number {
  const { powerW, score } = table;
  let size = 0;
  hull[size++] = start;
  let used = 2 ** (start - first); // bit set of rows already taken
  const small = count <= 30; // then `used` fits an int32 and bit operations read it
  for (;;) {
    // Next row in (power asc, score desc) order among those above the start.
    let next = -1;
    for (let k = first; k < first + count; k++) {
      if (small ? ((used >>> (k - first)) & 1) === 1 : Math.floor(used / 2 ** (k - first)) % 2 === 1) continue;
      const p = powerW[k] as number;
      const s = score[k] as number;
      if (p < (powerW[start] as number) || s <= (score[start] as number)) continue;
      if (next < 0 || p < (powerW[next] as number) || (p === powerW[next] && s > (score[next] as number))) next = k;
    }
    if (next < 0) return size;
    used += 2 ** (next - first);
    if ((score[next] as number) <= (score[hull[size - 1] as number] as number)) continue;
    while (size >= 2) {
      const a = hull[size - 2] as number;
      const b = hull[size - 1] as number;
      if (slope(table, a, b) > slope(table, b, next)) break;
      size -= 1;
    }
    hull[size++] = next;
  }
}

function slope(table: OptionTable, a: number, b: number): number {
  const dP = (table.powerW[b] as number) - (table.powerW[a] as number);
  return dP > EPS_W ? ((table.score[b] as number) - (table.score[a] as number)) / dP : Number.POSITIVE_INFINITY;
}
