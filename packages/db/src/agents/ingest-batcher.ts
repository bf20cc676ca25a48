/**
 * Group commit for telemetry: requests arriving within a few milliseconds of each other are
 * stored in one transaction (ingestMany), and each request is answered after that COMMIT.
 * Under load this turns a dozen round trips per request into a few per flush; when idle a
 * request waits at most `maxWaitMs`. A failed flush fails its requests (the agents keep the
 * batches and retry), never half of a batch.
 */
import type { TTelemetryBatch } from "@rigshift/protocol";
import type { Database } from "../client";
import { ingestMany, type TIngestResult } from "./ingest";

/** Told how each flush went (for metrics); called after the flush's requests are answered. */
export interface TIngestObserver {
  /**
   * `batches`: requests in the flush; `duplicates`: those already stored; `samples`: samples
   * stored (ok) or dropped with the failed transaction (not ok); `seconds`: the transaction's
   * time up to its COMMIT or failure.
   */
  flushed(outcome: { ok: boolean; batches: number; duplicates: number; samples: number; seconds: number }): void;
}

interface TPending {
  rigId: number;
  batch: TTelemetryBatch;
  resolve: (r: TIngestResult) => void;
  reject: (e: unknown) => void;
}

export class IngestBatcher {
  private queue: TPending[] = [];
  private timer: NodeJS.Timeout | null = null;
  private inFlight = 0;

  constructor(
    private readonly db: Database,
    private readonly options: { maxBatches: number; maxWaitMs: number; maxConcurrentFlushes: number } = { maxBatches: 400, maxWaitMs: 5, maxConcurrentFlushes: 3 },
    private readonly now: () => Date = () => new Date(),
    private readonly observer?: TIngestObserver,
  ) {}

  submit(rigId: number, batch: TTelemetryBatch): Promise<TIngestResult> {
    return new Promise((resolve, reject) => {
      this.queue.push({ rigId, batch, resolve, reject });
      if (this.queue.length >= this.options.maxBatches) this.flushSoon(0);
      else this.flushSoon(this.options.maxWaitMs);
    });
  }

  private flushSoon(delayMs: number) {
    if (this.timer && delayMs > 0) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.flush();
    }, delayMs);
  }

  private async flush() {
    if (!this.queue.length) return;
    if (this.inFlight >= this.options.maxConcurrentFlushes) {
      this.flushSoon(this.options.maxWaitMs);
      return;
    }
    const items = this.queue.splice(0, this.options.maxBatches);
    this.inFlight += 1;
    const startedMs = performance.now();
    let results: TIngestResult[] | null = null;
    try {
      results = await ingestMany({ db: this.db, items, now: this.now() });
      for (const [i, item] of items.entries()) item.resolve(results[i]!);
    } catch (error) {
      for (const item of items) item.reject(error);
    } finally {
      this.inFlight -= 1;
      if (this.queue.length) this.flushSoon(0);
    }
    if (this.observer) this.report(this.observer, items, results, (performance.now() - startedMs) / 1000);
  }

  private report(observer: TIngestObserver, items: TPending[], results: TIngestResult[] | null, seconds: number) {
    const samples = results ? results.reduce((n, r) => n + r.accepted, 0) : items.reduce((n, i) => n + i.batch.samples.length, 0);
    try {
      observer.flushed({ ok: results !== null, batches: items.length, duplicates: results?.filter((r) => r.duplicate).length ?? 0, samples, seconds });
    } catch {
      // Metrics never break ingest (flush() runs unawaited: a throw here would be unhandled).
    }
  }
}
