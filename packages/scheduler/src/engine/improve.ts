import { type GreedyState, setOption } from "./greedy-state";
import type { OptionModel } from "./model";

const EPS_USD = 1e-9;
const EPS_W = 1e-6;
const EXCHANGE_CANDIDATES = 16; // per side, per site: bounded so a pass stays linear in rigs
const EXCHANGE_ROUNDS = 12;

interface Move {
  r: number;
  to: number;
  dScore: number;
  dPowerW: number;
}

/**
 * Local improvement after the greedy fill, on rigs that host no job:
 * 1. slack fill: any option (not only hull steps) that scores more and fits in what is left;
 * 2. exchange: one rig steps down to let another step up when the pair gains and fits.
 */
export function improveMining(state: GreedyState, rigIndices: readonly number[]): void {
  const bySite = groupBySite(state, rigIndices);
  bySite.forEach((rigs, site) => {
    fillSlack(state, rigs, site);
    for (let round = 0; round < EXCHANGE_ROUNDS; round++) {
      if (!exchangeOnce(state, rigs, site)) break;
      fillSlack(state, rigs, site);
    }
  });
}

function groupBySite(state: GreedyState, rigIndices: readonly number[]): number[][] {
  const bySite: number[][] = state.problem.sites.map(() => []);
  for (const r of rigIndices) bySite[state.problem.rigs[r]?.siteIndex ?? 0]?.push(r);
  return bySite;
}

function current(state: GreedyState, r: number): OptionModel {
  return state.problem.rigs[r]?.options[state.sol.option[r] ?? 0] as OptionModel;
}

/** Best upgrade of rig r within `freeW` watts, or null. */
function bestUpgrade(state: GreedyState, r: number, freeW: number): Move | null {
  const options = state.problem.rigs[r]?.options ?? [];
  const cur = current(state, r);
  let best: Move | null = null;
  options.forEach((o, i) => {
    const dScore = o.scoreUsdPerHour - cur.scoreUsdPerHour;
    const dPowerW = o.powerW - cur.powerW;
    if (dScore <= EPS_USD || (dPowerW > EPS_W && dPowerW > freeW + EPS_W)) return;
    if (!best || dScore > best.dScore) best = { r, to: i, dScore, dPowerW };
  });
  return best;
}

function fillSlack(state: GreedyState, rigs: readonly number[], site: number): void {
  for (let pass = 0; pass < 3; pass++) {
    const free = state.siteFreeW[site] ?? 0;
    const moves: Move[] = [];
    for (const r of rigs) {
      const m = bestUpgrade(state, r, free);
      if (m) moves.push(m);
    }
    if (moves.length === 0) return;
    moves.sort((a, b) => b.dScore - a.dScore || a.r - b.r);
    for (const m of moves) {
      const again = bestUpgrade(state, m.r, state.siteFreeW[site] ?? 0);
      if (again) setOption(state, again.r, again.to);
    }
  }
}

/** One improving (down, up) pair at a site, applied; false when none was found. */
function exchangeOnce(state: GreedyState, rigs: readonly number[], site: number): boolean {
  const free = state.siteFreeW[site] ?? 0;
  const ups: Move[] = [];
  const downs: Move[] = [];
  for (const r of rigs) {
    const cur = current(state, r);
    state.problem.rigs[r]?.options.forEach((o, i) => {
      const dScore = o.scoreUsdPerHour - cur.scoreUsdPerHour;
      const dPowerW = o.powerW - cur.powerW;
      if (dScore > EPS_USD && dPowerW > free + EPS_W) ups.push({ r, to: i, dScore, dPowerW });
      else if (dPowerW < -EPS_W && dScore <= EPS_USD) downs.push({ r, to: i, dScore, dPowerW });
    });
  }
  if (ups.length === 0 || downs.length === 0) return false;
  const topUps = topK(ups, (m) => m.dScore);
  const topDowns = topK(downs, (m) => m.dScore / -m.dPowerW); // least lost per watt freed
  let best: [Move, Move] | null = null;
  let bestGain = EPS_USD;
  for (const up of topUps) {
    for (const down of topDowns) {
      if (down.r === up.r) continue;
      const gain = up.dScore + down.dScore;
      if (gain > bestGain && up.dPowerW + down.dPowerW <= free + EPS_W) {
        best = [up, down];
        bestGain = gain;
      }
    }
  }
  if (!best) return false;
  setOption(state, best[1].r, best[1].to);
  setOption(state, best[0].r, best[0].to);
  return true;
}

function topK(moves: Move[], key: (m: Move) => number): Move[] {
  moves.sort((a, b) => key(b) - key(a) || a.r - b.r);
  return moves.slice(0, EXCHANGE_CANDIDATES);
}
