import { formatUsd, usdTextKey } from "./economics";

/**
 * The explanations' sentences with an amount, each built once per plan and shared by every rig
 * it fits: at 100k rigs the 100k reasons and 71k "makes $x/h less" were about 12k distinct
 * texts, and building each anew (and keeping every copy in the plan) was much of the
 * explanations' time. Amounts are keyed as formatUsd writes them (usdTextKey), so the text shared
 * is the text that would have been built. Plain methods, no callbacks (see rig-options.ts).
 */
export class Sentences {
  private readonly less = new Map<number, string>();
  private readonly mining = new Map<string | null, Map<number, string>>();
  private readonly standby = new Map<string | null, Map<number, string>>();
  private readonly idle: Map<string | null, Map<number, string>>[] = []; // per site index

  /** "makes $0.123/h less" */
  makesLess(usd: number): string {
    const key = usdTextKey(usd);
    const known = key < 0 ? undefined : this.less.get(key);
    if (known !== undefined) return known;
    const text = `makes ${formatUsd(usd)}/h less`;
    if (key >= 0) this.less.set(key, text);
    return text;
  }

  /** "mining btc: $1.25/h, the best option" */
  miningBest(workload: string | null, usd: number): string {
    const key = usdTextKey(usd);
    const amounts = inner(this.mining, workload);
    const known = key < 0 ? undefined : amounts.get(key);
    if (known !== undefined) return known;
    const text = `mining ${workload}: ${formatUsd(usd)}/h, the best option`;
    if (key >= 0) amounts.set(key, text);
    return text;
  }

  /** "AI vllm: standby, no job, $-0.050/h" */
  aiStandby(workload: string | null, usd: number): string {
    const key = usdTextKey(usd);
    const amounts = inner(this.standby, workload);
    const known = key < 0 ? undefined : amounts.get(key);
    if (known !== undefined) return known;
    const text = `AI ${workload}: standby, no job, ${formatUsd(usd)}/h`;
    if (key >= 0) amounts.set(key, text);
    return text;
  }

  /** "idle: MINE kas would make $0.12/h at $35/MWh", for mining profile `workload` at site `siteIndex`. */
  idleMining(siteIndex: number, priceText: string, workload: string | null, usd: number): string {
    const key = usdTextKey(usd);
    let site = this.idle[siteIndex];
    if (!site) {
      site = new Map();
      this.idle[siteIndex] = site;
    }
    const amounts = inner(site, workload);
    const known = key < 0 ? undefined : amounts.get(key);
    if (known !== undefined) return known;
    const text = `idle: ${workload ? `MINE ${workload}` : "MINE"} would make ${formatUsd(usd)}/h at ${priceText}`;
    if (key >= 0) amounts.set(key, text);
    return text;
  }
}

function inner(outer: Map<string | null, Map<number, string>>, workload: string | null): Map<number, string> {
  let map = outer.get(workload);
  if (!map) {
    map = new Map();
    outer.set(workload, map);
  }
  return map;
}
