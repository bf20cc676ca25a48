import type { OptionTable } from "./model";
import { keepShape } from "./shapes";
import type { Mode } from "./types";

/**
 * The problem's options as rows of columns, appended while the rigs are modelled: a rig's options
 * are written as rows when made, its rules keep some, and `close` moves the kept ones right after
 * the previous rig's, so that the rows become the option table without a copy. At 100k rigs, one
 * object per option (and a list of them per rig) was a third of what the young-generation GC
 * copied while the model was built. Typed columns, grown when full; `table` gives the filled rows.
 */
export class OptionRows implements OptionTable {
  /** Rows written, the last rig's unkept ones included. */
  rows = 0;
  /** Rows of the rigs closed so far: rig r's options are rows start[r] .. start[r + 1] - 1. */
  private closedRows = 0;
  readonly start: Int32Array;
  readonly rigSite: Int32Array;
  mode: Mode[];
  workload: (string | null)[];
  isCurrent: Uint8Array;
  isAi: Uint8Array;
  powerW: Float64Array;
  revenue: Float64Array;
  energy: Float64Array;
  profit: Float64Array;
  score: Float64Array;

  /** Room for `expectedRows` rows up front: each rig makes at most IDLE, one per offer and one kept state. */
  constructor(rigCount: number, expectedRows: number) {
    this.start = new Int32Array(rigCount + 1);
    this.rigSite = new Int32Array(rigCount);
    this.mode = new Array<Mode>(expectedRows).fill("IDLE");
    this.workload = new Array<string | null>(expectedRows).fill(null);
    this.isCurrent = new Uint8Array(expectedRows);
    this.isAi = new Uint8Array(expectedRows);
    this.powerW = new Float64Array(expectedRows);
    this.revenue = new Float64Array(expectedRows);
    this.energy = new Float64Array(expectedRows);
    this.profit = new Float64Array(expectedRows);
    this.score = new Float64Array(expectedRows);
  }

  /** A new row; its index. The score starts as the profit. */
  add(mode: Mode, workload: string | null, isCurrent: boolean, powerW: number, revenue: number, energy: number): number {
    if (this.rows === this.powerW.length) this.grow();
    const row = this.rows++;
    this.mode[row] = mode;
    this.workload[row] = workload;
    this.isCurrent[row] = isCurrent ? 1 : 0;
    this.isAi[row] = mode === "AI" ? 1 : 0;
    this.powerW[row] = powerW;
    this.revenue[row] = revenue;
    this.energy[row] = energy;
    this.profit[row] = revenue - energy;
    this.score[row] = revenue - energy;
    return row;
  }

  /**
   * Rig r's options are `kept[0 .. count - 1]` (ascending rows written since the previous rig
   * closed): moved down to follow that rig's. Rigs are closed in index order.
   */
  close(r: number, site: number, kept: Int32Array, count: number): void {
    const first = this.closedRows;
    for (let i = 0; i < count; i++) {
      const row = kept[i] as number;
      if (row !== first + i) copyRow(this, row, this, first + i);
    }
    this.closedRows = first + count;
    this.rows = this.closedRows;
    this.start[r + 1] = this.closedRows;
    this.rigSite[r] = site;
  }

  /** The rigs' rows as the option table: views of the columns, the lists cut to size. */
  table(): OptionTable {
    const rows = this.closedRows;
    this.mode.length = rows;
    this.workload.length = rows;
    return {
      start: this.start,
      rigSite: this.rigSite,
      mode: this.mode,
      workload: this.workload,
      isCurrent: this.isCurrent.subarray(0, rows),
      isAi: this.isAi.subarray(0, rows),
      powerW: this.powerW.subarray(0, rows),
      revenue: this.revenue.subarray(0, rows),
      energy: this.energy.subarray(0, rows),
      profit: this.profit.subarray(0, rows),
      score: this.score.subarray(0, rows),
    };
  }

  /**
   * The table with the options of each rig in `single` replaced by that one row (a rig shed to
   * IDLE: its row was added after the rigs were closed). A copy, as the rigs' rows move.
   */
  tableWith(single: ReadonlyMap<number, number>): OptionTable {
    const rigCount = this.rigSite.length;
    const out = new OptionRows(rigCount, this.closedRows + single.size);
    for (let r = 0; r < rigCount; r++) {
      const one = single.get(r);
      const first = one ?? (this.start[r] as number);
      const end = one === undefined ? (this.start[r + 1] as number) : one + 1;
      for (let k = first; k < end; k++) copyRow(this, k, out, out.rows++);
      out.closedRows = out.rows;
      out.start[r + 1] = out.rows;
      out.rigSite[r] = this.rigSite[r] as number;
    }
    return out.table();
  }

  private grow(): void {
    const size = Math.max(16, Math.ceil(this.powerW.length * 1.5));
    this.isCurrent = grown(this.isCurrent, new Uint8Array(size));
    this.isAi = grown(this.isAi, new Uint8Array(size));
    this.powerW = grown(this.powerW, new Float64Array(size));
    this.revenue = grown(this.revenue, new Float64Array(size));
    this.energy = grown(this.energy, new Float64Array(size));
    this.profit = grown(this.profit, new Float64Array(size));
    this.score = grown(this.score, new Float64Array(size));
  }
}

keepShape(new OptionRows(0, 0)); // see shapes.ts

function copyRow(from: OptionRows, row: number, to: OptionRows, toRow: number): void {
  to.mode[toRow] = from.mode[row] as Mode;
  to.workload[toRow] = from.workload[row] ?? null;
  to.isCurrent[toRow] = from.isCurrent[row] as number;
  to.isAi[toRow] = from.isAi[row] as number;
  to.powerW[toRow] = from.powerW[row] as number;
  to.revenue[toRow] = from.revenue[row] as number;
  to.energy[toRow] = from.energy[row] as number;
  to.profit[toRow] = from.profit[row] as number;
  to.score[toRow] = from.score[row] as number;
}

function grown<T extends Uint8Array | Float64Array>(from: T, to: T): T {
  to.set(from);
  return to;
}
