import { keepShape } from "./shapes";

/** Binary min-heap of integer values keyed by a number. */
export class MinHeap {
  private keys: number[] = [];
  private values: number[] = [];

  get size(): number {
    return this.values.length;
  }

  push(key: number, value: number): void {
    this.keys.push(key);
    this.values.push(value);
    let i = this.values.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if ((this.keys[parent] as number) <= key) break;
      this.swap(i, parent);
      i = parent;
    }
  }

  peekValue(): number | undefined {
    return this.values[0];
  }

  peekKey(): number | undefined {
    return this.keys[0];
  }

  pop(): void {
    const last = this.values.length - 1;
    if (last < 0) return;
    this.swap(0, last);
    this.keys.pop();
    this.values.pop();
    let i = 0;
    const n = this.values.length;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < n && (this.keys[l] as number) < (this.keys[m] as number)) m = l;
      if (r < n && (this.keys[r] as number) < (this.keys[m] as number)) m = r;
      if (m === i) return;
      this.swap(i, m);
      i = m;
    }
  }

  private swap(a: number, b: number): void {
    const k = this.keys[a] as number;
    this.keys[a] = this.keys[b] as number;
    this.keys[b] = k;
    const v = this.values[a] as number;
    this.values[a] = this.values[b] as number;
    this.values[b] = v;
  }
}

keepShape(new MinHeap()); // see shapes.ts
