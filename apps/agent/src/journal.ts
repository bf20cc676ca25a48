/**
 * On-disk, bounded, ordered buffer of telemetry batches (the agent's write-ahead log).
 * Each batch gets its id when it is written, and keeps it until the control plane acknowledges
 * it: a batch sent twice (ack lost) is stored once, because the server deduplicates by id.
 * Files are written atomically (tmp + rename) so a crash never leaves half a batch.
 * When the buffer exceeds maxBytes, the oldest batches are dropped, counted and reported;
 * never the newest, and never the one being delivered (it may be stored already: dropping it
 * would count as lost what the server has).
 */
import { randomUUID } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { TAgentEvent, TSample } from "@rigshift/protocol";

export interface TJournalBatch {
  batchId: string;
  samples: TSample[];
  events: TAgentEvent[];
}

interface TEntry {
  file: string;
  bytes: number;
}

export class Journal {
  private entries: TEntry[] = [];
  private seq = 0;
  private totalBytes = 0;
  private inFlight: string | null = null;
  /** Samples dropped because the buffer was full, since start (reported, then reset by the caller). */
  droppedSamples = 0;
  droppedBatches = 0;

  constructor(
    private readonly dir: string,
    private readonly maxBytes: number,
  ) {}

  /** Loads what a previous run left unacknowledged, oldest first. */
  open(): void {
    mkdirSync(this.dir, { recursive: true });
    const names = readdirSync(this.dir)
      .filter((n) => n.endsWith(".json"))
      .sort();
    for (const n of readdirSync(this.dir).filter((n) => n.endsWith(".tmp"))) unlinkSync(path.join(this.dir, n));
    this.entries = names.map((n) => ({ file: n, bytes: statSync(path.join(this.dir, n)).size }));
    this.totalBytes = this.entries.reduce((a, e) => a + e.bytes, 0);
    const last = names.at(-1);
    this.seq = last ? Number.parseInt(last.slice(0, 12), 10) + 1 : 0;
  }

  append(samples: TSample[], events: TAgentEvent[]): string {
    const batch: TJournalBatch = { batchId: randomUUID(), samples, events };
    const body = JSON.stringify(batch);
    const name = `${String(this.seq++).padStart(12, "0")}-${batch.batchId}.json`;
    const tmp = path.join(this.dir, `${name}.tmp`);
    writeFileSync(tmp, body, { mode: 0o600 });
    renameSync(tmp, path.join(this.dir, name));
    this.entries.push({ file: name, bytes: Buffer.byteLength(body) });
    this.totalBytes += Buffer.byteLength(body);
    this.enforceLimit();
    return batch.batchId;
  }

  /** The oldest unacknowledged batch, or undefined. */
  peek(): TJournalBatch | undefined {
    const head = this.entries[0];
    if (!head) return undefined;
    try {
      return JSON.parse(readFileSync(path.join(this.dir, head.file), "utf8")) as TJournalBatch;
    } catch {
      // A file damaged outside our control (disk error) is dropped, not retried forever.
      this.drop(head, true);
      return this.peek();
    }
  }

  /** Marks a batch as being delivered: the size bound drops others first. Cleared by acknowledge() or settled(). */
  delivering(batchId: string): void {
    this.inFlight = batchId;
  }

  /** The delivery of the batch in flight ended without an acknowledgement. */
  settled(): void {
    this.inFlight = null;
  }

  /** Removes the batch once the control plane has acknowledged it (or refused it for good). */
  acknowledge(batchId: string): void {
    if (this.inFlight === batchId) this.inFlight = null;
    const head = this.entries[0];
    if (head?.file.includes(batchId)) this.drop(head, false);
  }

  get pendingBatches(): number {
    return this.entries.length;
  }

  get pendingBytes(): number {
    return this.totalBytes;
  }

  private enforceLimit() {
    // Keep at least the newest batch: the buffer bound is about history, not the present.
    while (this.totalBytes > this.maxBytes) {
      const oldest = this.entries.find((e, i) => i < this.entries.length - 1 && !(this.inFlight && e.file.includes(this.inFlight)));
      if (!oldest) return;
      this.drop(oldest, true);
    }
  }

  private drop(entry: TEntry, countAsLoss: boolean) {
    if (countAsLoss) {
      try {
        const batch = JSON.parse(readFileSync(path.join(this.dir, entry.file), "utf8")) as TJournalBatch;
        this.droppedSamples += batch.samples.length;
      } catch {
        // unreadable: counted as a batch, its samples unknown
      }
      this.droppedBatches += 1;
    }
    try {
      unlinkSync(path.join(this.dir, entry.file));
    } catch {
      // already gone
    }
    this.entries = this.entries.filter((e) => e !== entry);
    this.totalBytes -= entry.bytes;
  }
}
