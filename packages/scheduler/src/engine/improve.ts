import { type GreedyState, setOption } from "./greedy-state";
import { keepShape } from "./shapes";

const EPS_USD = 1e-9;
const EPS_W = 1e-6;
const EXCHANGE_CANDIDATES = 16; // per side, per site
const EXCHANGE_ROUNDS = 12;

interface Move {
  r: number;
  to: number; // option index within the rig
  dScore: number;
  dPowerW: number;
}

/**
 * Local improvement after the greedy fill, on rigs that host no job:
 * 1. slack fill: any option (not only hull steps) that scores more and fits in what is left;
 * 2. exchange: one rig steps down to let another step up when the pair gains and fits. The
 *    candidates (best ups, cheapest downs per site) are collected in one pass over the farm;
 *    rounds then only re-check those few rigs.
 */
export function improveMining(state: GreedyState, rigIndices: readonly number[]): void {
  // Each site's list is allocated at its size (see withRoom in arrays.ts).
  const { rigSite } = state.problem.table;
  const siteCount = state.problem.sites.length;
  const sizes = new Int32Array(siteCount);
  for (let i = 0; i < rigIndices.length; i++) {
    const s = rigSite[rigIndices[i] as number] ?? 0;
    sizes[s] = (sizes[s] as number) + 1;
  }
  const bySite: number[][] = new Array(siteCount);
  for (let s = 0; s < siteCount; s++) bySite[s] = new Array(sizes[s] as number);
  sizes.fill(0);
  for (let i = 0; i < rigIndices.length; i++) {
    const r = rigIndices[i] as number;
    const s = rigSite[r] ?? 0;
    (bySite[s] as number[])[(sizes[s] as number)++] = r;
  }
  for (let site = 0; site < bySite.length; site++) {
    const rigs = bySite[site] as number[];
    fillSlack(state, rigs, site);
    const { ups, downs } = exchangeCandidates(state, rigs, site);
    const few = [...new Set([...ups.items.map((m) => m.r), ...downs.items.map((m) => m.r)])];
    for (let round = 0; round < EXCHANGE_ROUNDS; round++) {
      if (!exchangeOnce(state, few, site)) break;
      fillSlack(state, rigs, site);
    }
  }
}

/** Best upgrade of rig r within `freeW` watts, or null. */
function bestUpgrade(state: GreedyState, r: number, freeW: number): Move | null {
  const { table } = state.problem;
  const first = table.start[r] ?? 0;
  const end = table.start[r + 1] ?? 0;
  const cur = first + (state.sol.option[r] ?? 0);
  let best: Move | null = null;
  for (let k = first; k < end; k++) {
    const dScore = (table.score[k] as number) - (table.score[cur] as number);
    const dPowerW = (table.powerW[k] as number) - (table.powerW[cur] as number);
    if (dScore <= EPS_USD || (dPowerW > EPS_W && dPowerW > freeW + EPS_W)) continue;
    if (!best || dScore > best.dScore) best = { r, to: k - first, dScore, dPowerW };
  }
  return best;
}

function fillSlack(state: GreedyState, rigs: readonly number[], site: number): void {
  const moves: Move[] = [];
  const free = state.siteFreeW[site] ?? 0;
  for (let i = 0; i < rigs.length; i++) {
    const m = bestUpgrade(state, rigs[i] as number, free);
    if (m) moves.push(m);
  }
  moves.sort(byScoreThenRig);
  for (const m of moves) {
    const again = bestUpgrade(state, m.r, state.siteFreeW[site] ?? 0);
    if (again) setOption(state, again.r, again.to);
  }
}

function byScoreThenRig(a: Move, b: Move): number {
  return b.dScore - a.dScore || a.r - b.r;
}

function exchangeCandidates(state: GreedyState, rigs: readonly number[], site: number): { ups: TopK; downs: TopK } {
  const { table } = state.problem;
  const free = state.siteFreeW[site] ?? 0;
  const ups = new TopK(EXCHANGE_CANDIDATES);
  const downs = new TopK(EXCHANGE_CANDIDATES);
  for (let i = 0; i < rigs.length; i++) {
    const r = rigs[i] as number;
    const first = table.start[r] ?? 0;
    const end = table.start[r + 1] ?? 0;
    const cur = first + (state.sol.option[r] ?? 0);
    for (let k = first; k < end; k++) {
      const dScore = (table.score[k] as number) - (table.score[cur] as number);
      const dPowerW = (table.powerW[k] as number) - (table.powerW[cur] as number);
      // A move object only for what the lists keep: most rigs offer one.
      if (dScore > EPS_USD && dPowerW > free + EPS_W) {
        if (ups.keeps(dScore)) ups.offer({ r, to: k - first, dScore, dPowerW }, dScore);
      } else if (dPowerW < -EPS_W && dScore <= EPS_USD) {
        const key = dScore / -dPowerW;
        if (downs.keeps(key)) downs.offer({ r, to: k - first, dScore, dPowerW }, key);
      }
    }
  }
  return { ups, downs };
}

/** One improving (down, up) pair among the candidate rigs, applied; false when none. */
function exchangeOnce(state: GreedyState, rigs: readonly number[], site: number): boolean {
  const { ups, downs } = exchangeCandidates(state, rigs, site);
  const free = state.siteFreeW[site] ?? 0;
  let best: [Move, Move] | null = null;
  let bestGain = EPS_USD;
  for (const up of ups.items) {
    for (const down of downs.items) {
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

/** The k moves with the highest keys seen so far (ties: first seen wins). */
class TopK {
  readonly items: Move[] = [];
  private readonly keys: number[] = [];
  constructor(private readonly k: number) {}

  /** Whether a move with this key would be kept now. */
  keeps(key: number): boolean {
    return this.items.length < this.k || key > (this.keys[this.k - 1] as number);
  }

  offer(move: Move, key: number): void {
    if (!this.keeps(key)) return;
    let i = this.items.length < this.k ? this.items.length : this.k - 1;
    while (i > 0 && (this.keys[i - 1] as number) < key) {
      this.items[i] = this.items[i - 1] as Move;
      this.keys[i] = this.keys[i - 1] as number;
      i -= 1;
    }
    this.items[i] = move;
    this.keys[i] = key;
  }
}

keepShape(new TopK(0)); // see shapes.ts
