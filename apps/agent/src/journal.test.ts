import { mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { TSample } from "@rigshift/protocol";
import { describe, expect, it } from "vitest";
import { Journal } from "./journal";

const sample = (i: number): TSample => ({ at: new Date(1_700_000_000_000 + i * 10_000).toISOString(), rig: { powerW: i }, devices: [] });
const dir = () => mkdtempSync(path.join(tmpdir(), "journal-"));

describe("Journal", () => {
  it("hands batches back oldest first, each with the id it was written with", () => {
    const j = new Journal(dir(), 1_000_000);
    j.open();
    const a = j.append([sample(1)], []);
    const b = j.append([sample(2)], []);
    expect(j.peek()?.batchId).toBe(a);
    j.acknowledge(a);
    expect(j.peek()?.batchId).toBe(b);
    expect(j.peek()?.samples[0]?.rig.powerW).toBe(2);
  });

  it("keeps unacknowledged batches across a restart, in order", () => {
    const d = dir();
    const first = new Journal(d, 1_000_000);
    first.open();
    const ids = [1, 2, 3].map((i) => first.append([sample(i)], []));
    first.acknowledge(ids[0]!);
    const second = new Journal(d, 1_000_000);
    second.open();
    expect(second.pendingBatches).toBe(2);
    expect(second.peek()?.batchId).toBe(ids[1]);
    const next = second.append([sample(4)], []);
    second.acknowledge(ids[1]!);
    second.acknowledge(ids[2]!);
    expect(second.peek()?.batchId).toBe(next);
  });

  it("stays within its size bound by dropping the oldest batches, and counts what it dropped", () => {
    const j = new Journal(dir(), 2_000);
    j.open();
    for (let i = 0; i < 50; i++) j.append([sample(i), sample(i + 1000)], []);
    expect(j.pendingBytes).toBeLessThanOrEqual(2_000);
    expect(j.droppedBatches).toBeGreaterThan(0);
    expect(j.droppedSamples).toBe(j.droppedBatches * 2);
    // The newest batch survives; the oldest survivor is newer than everything dropped.
    expect(j.peek()?.samples[0]?.rig.powerW).toBe(j.droppedBatches);
  });

  it("does not drop the batch being delivered (the server may have it): the next oldest goes instead", () => {
    const j = new Journal(dir(), 2_000);
    j.open();
    const first = j.append([sample(0)], []);
    j.delivering(first);
    for (let i = 1; i < 30; i++) j.append([sample(i), sample(i + 1000)], []);
    expect(j.peek()?.batchId).toBe(first);
    expect(j.droppedBatches).toBeGreaterThan(0);
    j.acknowledge(first);
    // Once settled, the oldest is fair game again.
    const head = j.peek()!.batchId;
    j.delivering(head);
    j.settled();
    for (let i = 30; i < 40; i++) j.append([sample(i), sample(i + 1000)], []);
    expect(j.peek()?.batchId).not.toBe(head);
  });

  it("ignores an acknowledgement for a batch that is not at the head", () => {
    const j = new Journal(dir(), 1_000_000);
    j.open();
    const a = j.append([sample(1)], []);
    const b = j.append([sample(2)], []);
    j.acknowledge(b);
    expect(j.pendingBatches).toBe(2);
    expect(j.peek()?.batchId).toBe(a);
  });

  it("leaves no temporary files behind", () => {
    const d = dir();
    const j = new Journal(d, 1_000_000);
    j.open();
    j.append([sample(1)], []);
    expect(readdirSync(path.join(d)).filter((n) => n.endsWith(".tmp"))).toEqual([]);
  });
});
