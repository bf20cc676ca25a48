import { randomUUID } from "node:crypto";
import type { TTelemetryBatch } from "@rigshift/protocol";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { seedEnrolledRig, testDatabase, truncateAll } from "../testing";
import { IngestBatcher, type TIngestObserver } from "./ingest-batcher";

const db = testDatabase(process.env.DATABASE_URL);
afterAll(() => db.close());
beforeEach(() => truncateAll(db));

function batch(samples: number): TTelemetryBatch {
  const now = Date.now();
  return {
    batchId: randomUUID(),
    sentAt: new Date(now).toISOString(),
    agentVersion: "test",
    samples: Array.from({ length: samples }, (_, i) => ({ at: new Date(now - 1000 * (i + 1)).toISOString(), rig: { powerW: 900 }, devices: [] })),
    events: [],
  };
}

function recorder() {
  const flushes: Parameters<TIngestObserver["flushed"]>[0][] = [];
  return { flushes, observer: { flushed: (o) => flushes.push(o) } satisfies TIngestObserver };
}

const options = { maxBatches: 100, maxWaitMs: 20, maxConcurrentFlushes: 1 };

describe("IngestBatcher observer", () => {
  it("is told each flush's batches, duplicates, stored samples and commit time", async () => {
    const [a, b] = await Promise.all([seedEnrolledRig(db, { hostname: "ob-a" }), seedEnrolledRig(db, { hostname: "ob-b" })]);
    const { flushes, observer } = recorder();
    const batcher = new IngestBatcher(db, options, undefined, observer);
    const first = batch(3);
    await Promise.all([batcher.submit(a.rigId, first), batcher.submit(b.rigId, batch(2)), batcher.submit(a.rigId, first)]);
    expect(flushes).toHaveLength(1);
    expect(flushes[0]).toMatchObject({ ok: true, batches: 3, duplicates: 1, samples: 5 });
    expect(flushes[0]!.seconds).toBeGreaterThan(0);
  });

  it("is told of a failed flush, with the samples it dropped, and a throwing observer changes nothing", async () => {
    const { flushes, observer } = recorder();
    const batcher = new IngestBatcher(db, options, undefined, observer);
    // No such rig: the transaction fails on its foreign keys.
    await expect(batcher.submit(999_999, batch(4))).rejects.toBeTruthy();
    expect(flushes).toEqual([expect.objectContaining({ ok: false, batches: 1, duplicates: 0, samples: 4 })]);

    const rig = await seedEnrolledRig(db, { hostname: "ob-c" });
    const throwing = new IngestBatcher(db, options, undefined, {
      flushed: () => {
        throw new Error("metrics broke");
      },
    });
    await expect(throwing.submit(rig.rigId, batch(1))).resolves.toMatchObject({ accepted: 1, duplicate: false });
  });
});
