/**
 * This process's own Prometheus metrics: Node's standard process metrics and the ingest
 * batcher's counters. One registry per process, kept on globalThis so that every route bundle
 * (and a dev reload) shares it; GET /metrics adds the farm's gauges at scrape time
 * (metrics-scrape.ts). The counters count what this process ingested: Prometheus sums them
 * over instances.
 */
import type { TIngestObserver } from "@rigshift/db";
import { Counter, collectDefaultMetrics, Histogram, Registry } from "prom-client";

function createProcessMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const ingestBatches = new Counter({
    name: "rigshift_ingest_batches_total",
    help: "Telemetry batches through the group-commit batcher: accepted (stored), duplicate (stored before, acknowledged again), rejected (their transaction failed; agents retry them).",
    labelNames: ["outcome"] as const,
    registers: [registry],
  });
  const ingestSamples = new Counter({
    name: "rigshift_ingest_samples_total",
    help: "Telemetry samples stored (accepted) or dropped with a failed transaction (rejected).",
    labelNames: ["outcome"] as const,
    registers: [registry],
  });
  const ingestCommitSeconds = new Histogram({
    name: "rigshift_ingest_commit_seconds",
    help: "Time of one group-commit flush (many rigs' batches in one transaction) up to its COMMIT, seconds; committed flushes only.",
    buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  // Zeros from the start, so that rate() has a series before the first batch arrives.
  for (const outcome of ["accepted", "duplicate", "rejected"]) ingestBatches.labels(outcome).inc(0);
  for (const outcome of ["accepted", "rejected"]) ingestSamples.labels(outcome).inc(0);
  return { registry, ingestBatches, ingestSamples, ingestCommitSeconds };
}

const globalForMetrics = globalThis as unknown as { rigshiftMetrics?: ReturnType<typeof createProcessMetrics> };

export function processMetrics() {
  globalForMetrics.rigshiftMetrics ??= createProcessMetrics();
  return globalForMetrics.rigshiftMetrics;
}

/** The ingest batcher's observer: `new IngestBatcher(db(), undefined, undefined, ingestObserver)`. */
export const ingestObserver: TIngestObserver = {
  flushed({ ok, batches, duplicates, samples, seconds }) {
    const m = processMetrics();
    if (!ok) {
      m.ingestBatches.labels("rejected").inc(batches);
      m.ingestSamples.labels("rejected").inc(samples);
      return;
    }
    m.ingestBatches.labels("accepted").inc(batches - duplicates);
    if (duplicates) m.ingestBatches.labels("duplicate").inc(duplicates);
    m.ingestSamples.labels("accepted").inc(samples);
    m.ingestCommitSeconds.observe(seconds);
  },
};
