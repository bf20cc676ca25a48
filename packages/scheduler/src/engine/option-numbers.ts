import type { OptionModel } from "./model";
import type { Mode } from "./types";

/**
 * The numbers of a problem's option models, in columns: one row per option model made. As object
 * fields, five numbers per option were five boxed doubles, at 100k rigs most of the model's memory
 * and most of what the young-generation GC copied; a list of numbers keeps them unboxed. Plain
 * lists rather than typed arrays: typed arrays live outside the heap, and allocating that much
 * outside it every epoch made V8 run full collections about twice as often.
 */
export class OptionNumbers {
  private count = 0;
  readonly powerW: number[];
  readonly revenue: number[];
  readonly energy: number[];
  readonly profit: number[];
  readonly score: number[];

  /** Room for `expectedRows` rows up front (more are appended): growing by push copied each list many times. */
  constructor(expectedRows: number) {
    this.powerW = doubles(expectedRows);
    this.revenue = doubles(expectedRows);
    this.energy = doubles(expectedRows);
    this.profit = doubles(expectedRows);
    this.score = doubles(expectedRows);
  }

  /** A new row with these values; its index. */
  add(powerW: number, revenue: number, energy: number, profit: number, score: number): number {
    const row = this.count++;
    this.powerW[row] = powerW;
    this.revenue[row] = revenue;
    this.energy[row] = energy;
    this.profit[row] = profit;
    this.score[row] = score;
    return row;
  }
}

/** A list of `n` numbers stored unboxed (NaN until written). */
function doubles(n: number): number[] {
  return new Array<number>(n).fill(Number.NaN);
}

/** An option model whose numbers are row `row` of `numbers`: the same fields, read from the columns. */
export class StoredOption implements OptionModel {
  constructor(
    readonly mode: Mode,
    readonly workload: string | null,
    readonly isCurrent: boolean,
    private readonly numbers: OptionNumbers,
    private readonly row: number,
  ) {}

  get powerW(): number {
    return this.numbers.powerW[this.row] as number;
  }
  get revenueUsdPerHour(): number {
    return this.numbers.revenue[this.row] as number;
  }
  get energyUsdPerHour(): number {
    return this.numbers.energy[this.row] as number;
  }
  get profitUsdPerHour(): number {
    return this.numbers.profit[this.row] as number;
  }
  get scoreUsdPerHour(): number {
    return this.numbers.score[this.row] as number;
  }
  set scoreUsdPerHour(usdPerHour: number) {
    this.numbers.score[this.row] = usdPerHour;
  }
}
