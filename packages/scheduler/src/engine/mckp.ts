import type { GreedyState } from "./greedy-state";
import type { OptionModel } from "./model";

const EPS_W = 1e-6;

/**
 * Greedy multiple-choice knapsack for rigs that host no job: each rig starts on its current
 * option and climbs its upper convex hull of (power, score); all steps of the farm are taken in
 * order of score per watt while their site has room (a step that does not fit blocks the rest of
 * that rig's climb; later, smaller steps of other rigs may still fit).
 *
 * With `commit` false nothing changes and only the shadow prices are returned: per site the score
 * per watt of the first step that did not fit (0 when everything fitted).
 */
export function mckpFill(state: GreedyState, rigIndices: readonly number[], commit: boolean): Float64Array {
  const { problem } = state;
  const option = commit ? state.sol.option : Int32Array.from(state.sol.option);
  const siteFree = commit ? state.siteFreeW : Float64Array.from(state.siteFreeW);
  const lambda = new Float64Array(problem.sites.length);
  const lambdaSet = new Uint8Array(problem.sites.length);

  const steps = buildSteps(state, rigIndices, option);
  const order = new Uint32Array(steps.count);
  for (let i = 0; i < steps.count; i++) order[i] = i;
  const density = steps.density;
  const sorted = Array.from(order).sort((a, b) => (density[b] as number) - (density[a] as number) || a - b);

  const blocked = new Uint8Array(problem.rigs.length);
  for (const s of sorted) {
    const r = steps.rig[s] as number;
    if (blocked[r] || option[r] !== steps.from[s]) continue;
    const site = problem.rigs[r]?.siteIndex ?? 0;
    const dP = steps.dPowerW[s] as number;
    if (dP <= EPS_W || dP <= (siteFree[site] as number) + EPS_W) {
      option[r] = steps.to[s] as number;
      siteFree[site] = (siteFree[site] as number) - dP;
    } else {
      blocked[r] = 1;
      if (!lambdaSet[site]) {
        lambdaSet[site] = 1;
        lambda[site] = Math.max(0, density[s] as number);
      }
    }
  }
  return lambda;
}

interface Steps {
  count: number;
  rig: Int32Array;
  from: Int32Array;
  to: Int32Array;
  dPowerW: Float64Array;
  density: Float64Array; // USD/h per W
}

function buildSteps(state: GreedyState, rigIndices: readonly number[], option: Int32Array): Steps {
  let capacity = 0;
  for (const r of rigIndices) capacity += Math.max(0, (state.problem.rigs[r]?.options.length ?? 1) - 1);
  const steps: Steps = {
    count: 0,
    rig: new Int32Array(capacity),
    from: new Int32Array(capacity),
    to: new Int32Array(capacity),
    dPowerW: new Float64Array(capacity),
    density: new Float64Array(capacity),
  };
  for (const r of rigIndices) {
    const options = state.problem.rigs[r]?.options;
    if (!options || options.length < 2) continue;
    const hull = upperHull(options, option[r] as number);
    for (let k = 1; k < hull.length; k++) {
      const a = options[hull[k - 1] as number] as OptionModel;
      const b = options[hull[k] as number] as OptionModel;
      const i = steps.count++;
      const dP = b.powerW - a.powerW;
      const dS = b.scoreUsdPerHour - a.scoreUsdPerHour;
      steps.rig[i] = r;
      steps.from[i] = hull[k - 1] as number;
      steps.to[i] = hull[k] as number;
      steps.dPowerW[i] = dP;
      // Equal slopes keep the climb's order because sort ties fall back to step index.
      steps.density[i] = dP > EPS_W ? dS / dP : Number.MAX_VALUE;
    }
  }
  return steps;
}

/**
 * Option indices on the upper concave hull of (power, score) starting at `start`, keeping only
 * options that draw more power and score more than the previous point.
 */
export function upperHull(options: readonly OptionModel[], start: number): number[] {
  const origin = options[start] as OptionModel;
  const candidates: number[] = [];
  options.forEach((o, i) => {
    if (i !== start && o.powerW >= origin.powerW && o.scoreUsdPerHour > origin.scoreUsdPerHour) candidates.push(i);
  });
  candidates.sort((a, b) => {
    const oa = options[a] as OptionModel;
    const ob = options[b] as OptionModel;
    return oa.powerW - ob.powerW || ob.scoreUsdPerHour - oa.scoreUsdPerHour;
  });
  const hull = [start];
  for (const i of candidates) {
    const p = options[i] as OptionModel;
    const last = options[hull[hull.length - 1] as number] as OptionModel;
    if (p.scoreUsdPerHour <= last.scoreUsdPerHour) continue;
    while (hull.length >= 2) {
      const a = options[hull[hull.length - 2] as number] as OptionModel;
      const b = options[hull[hull.length - 1] as number] as OptionModel;
      if (slope(a, b) > slope(b, p)) break;
      hull.pop();
    }
    hull.push(i);
  }
  return hull;
}

function slope(a: OptionModel, b: OptionModel): number {
  const dP = b.powerW - a.powerW;
  return dP > EPS_W ? (b.scoreUsdPerHour - a.scoreUsdPerHour) / dP : Number.POSITIVE_INFINITY;
}
