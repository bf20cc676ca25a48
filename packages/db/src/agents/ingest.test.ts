import { randomUUID } from "node:crypto";
import type { TTelemetryBatch } from "@rigshift/protocol";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { AppError } from "../errors";
import { seedEnrolledRig, testDatabase, truncateAll } from "../testing";
import { ingestTelemetry } from "./ingest";
import { pgArray } from "./ingest-sql";

const db = testDatabase(process.env.DATABASE_URL);
afterAll(() => db.close());
beforeEach(() => truncateAll(db));

function batch(at: Date[], gpus = 2): TTelemetryBatch {
  return {
    batchId: randomUUID(),
    sentAt: new Date().toISOString(),
    agentVersion: "test",
    samples: at.map((t, i) => ({
      at: t.toISOString(),
      rig: { powerW: 900 + i, inletTempC: 25 },
      devices: Array.from({ length: gpus }, (_, index) => ({ index, kind: "GPU" as const, tempC: 60 + index, powerW: 300, utilPct: 99 })),
      mode: "MINE" as const,
      workload: "rvn-kawpow",
    })),
    events: [{ id: randomUUID(), at: at[0]!.toISOString(), type: "workload.switched", severity: "INFO", message: "idle -> rvn-kawpow" }],
  };
}

const count = async (table: string) => Number((await db.pool.query(`SELECT count(*) FROM "${table}"`)).rows[0].count);

describe("ingestTelemetry", () => {
  it("stores every sample and device reading once, and updates the latest state", async () => {
    const rig = await seedEnrolledRig(db);
    const now = new Date();
    const b = batch([new Date(now.getTime() - 20_000), new Date(now.getTime() - 10_000)]);
    const result = await ingestTelemetry({ db, rigId: rig.rigId, batch: b, now });
    expect(result).toMatchObject({ accepted: 2, duplicate: false });
    expect(result.desired?.mode).toBe("MINE");
    expect(await count("RigSample")).toBe(2);
    expect(await count("DeviceSample")).toBe(4);
    expect(await count("AgentEvent")).toBe(1);
    const state = await db.prisma.rigState.findUniqueOrThrow({ where: { rigId: rig.rigId } });
    expect(state.powerW).toBe(901);
    expect(state.maxTempC).toBe(61);
    const seen = await db.prisma.rig.findUniqueOrThrow({ where: { id: rig.rigId } });
    expect(seen.lastSeenAt?.getTime()).toBe(now.getTime());
  });

  it("accepts a redelivered batch once: acknowledged again, stored once", async () => {
    const rig = await seedEnrolledRig(db);
    const now = new Date();
    const b = batch([new Date(now.getTime() - 5_000)]);
    await ingestTelemetry({ db, rigId: rig.rigId, batch: b, now });
    const again = await ingestTelemetry({ db, rigId: rig.rigId, batch: b, now });
    expect(again).toMatchObject({ accepted: 0, duplicate: true });
    expect(await count("RigSample")).toBe(1);
    expect(await count("DeviceSample")).toBe(2);
    expect(await count("AgentEvent")).toBe(1);
  });

  it("replaces the rig's workload list with the one a batch carries (an edited agent.yaml after a restart)", async () => {
    const rig = await seedEnrolledRig(db);
    const before = (await db.prisma.rig.findUniqueOrThrow({ where: { id: rig.rigId } })).workloads as { key: string }[];
    expect(before.map((w) => w.key)).toContain("rvn-kawpow");
    const now = new Date();
    const plain = batch([new Date(now.getTime() - 10_000)]);
    await ingestTelemetry({ db, rigId: rig.rigId, batch: plain, now });
    expect((await db.prisma.rig.findUniqueOrThrow({ where: { id: rig.rigId } })).workloads).toEqual(before);

    const edited = { ...batch([new Date(now.getTime() - 5_000)]), workloads: [{ key: "etc-solo", mode: "MINE" as const, params: {} }] };
    await ingestTelemetry({ db, rigId: rig.rigId, batch: edited, now });
    expect((await db.prisma.rig.findUniqueOrThrow({ where: { id: rig.rigId } })).workloads).toEqual([{ key: "etc-solo", mode: "MINE", params: {} }]);
    // A redelivered batch still says what the rig allows: applied, though its samples are not stored again.
    await db.prisma.rig.update({ where: { id: rig.rigId }, data: { workloads: before } });
    expect(await ingestTelemetry({ db, rigId: rig.rigId, batch: edited, now })).toMatchObject({ duplicate: true });
    expect((await db.prisma.rig.findUniqueOrThrow({ where: { id: rig.rigId } })).workloads).toEqual([{ key: "etc-solo", mode: "MINE", params: {} }]);
  });

  it("stores the same samples once even under a new batch id (keys on rig/device and time)", async () => {
    const rig = await seedEnrolledRig(db);
    const now = new Date();
    const b = batch([new Date(now.getTime() - 5_000)]);
    await ingestTelemetry({ db, rigId: rig.rigId, batch: b, now });
    await ingestTelemetry({ db, rigId: rig.rigId, batch: { ...b, batchId: randomUUID() }, now });
    expect(await count("RigSample")).toBe(1);
    expect(await count("DeviceSample")).toBe(2);
  });

  it("refuses a batch from a rig whose clock is ahead, and writes nothing", async () => {
    const rig = await seedEnrolledRig(db);
    const now = new Date();
    const b = batch([new Date(now.getTime() - 5_000), new Date(now.getTime() + 3600_000)]);
    const error = await ingestTelemetry({ db, rigId: rig.rigId, batch: b, now }).catch((e) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error.code).toBe("INVALID");
    expect(error.issues[0].message).toMatch(/ahead of the server clock/);
    expect(await count("RigSample")).toBe(0);
    expect(await count("TelemetryBatch")).toBe(0);
  });

  it("refuses duplicate timestamps and duplicate device indexes within a batch", async () => {
    const rig = await seedEnrolledRig(db);
    const now = new Date();
    const t = new Date(now.getTime() - 5_000);
    await expect(ingestTelemetry({ db, rigId: rig.rigId, batch: batch([t, t]), now })).rejects.toThrow(/rejected/);
    const b = batch([t]);
    b.samples[0]!.devices.push({ ...b.samples[0]!.devices[0]! });
    await expect(ingestTelemetry({ db, rigId: rig.rigId, batch: b, now })).rejects.toThrow(/rejected/);
    expect(await count("RigSample")).toBe(0);
  });

  it("never moves the latest state back in time when an old batch arrives late", async () => {
    const rig = await seedEnrolledRig(db);
    const now = new Date();
    await ingestTelemetry({ db, rigId: rig.rigId, batch: batch([new Date(now.getTime() - 1_000)]), now });
    const late = batch([new Date(now.getTime() - 600_000)]);
    late.samples[0]!.rig.powerW = 5;
    await ingestTelemetry({ db, rigId: rig.rigId, batch: late, now });
    const state = await db.prisma.rigState.findUniqueOrThrow({ where: { rigId: rig.rigId } });
    expect(state.powerW).toBe(900);
    expect(await count("RigSample")).toBe(2);
  });

  it("records a device that appeared after enrollment", async () => {
    const rig = await seedEnrolledRig(db, { gpus: 2 });
    const now = new Date();
    await ingestTelemetry({ db, rigId: rig.rigId, batch: batch([new Date(now.getTime() - 1_000)], 3), now });
    expect(await db.prisma.device.count({ where: { rigId: rig.rigId } })).toBe(3);
  });
});

describe("IngestBatcher (group commit)", () => {
  it("stores many rigs' concurrent batches, each once, and answers each with its own rig's desired state", async () => {
    const { IngestBatcher } = await import("./ingest-batcher");
    const rigs = await Promise.all([0, 1, 2, 3, 4].map((i) => seedEnrolledRig(db, { hostname: `gc-${i}` })));
    await db.prisma.desiredState.update({ where: { rigId: rigs[2]!.rigId }, data: { mode: "AI", workload: "pytorch", generation: 7 } });
    const batcher = new IngestBatcher(db, { maxBatches: 100, maxWaitMs: 20, maxConcurrentFlushes: 1 });
    const now = new Date();
    const batches = rigs.map((_, i) => batch([new Date(now.getTime() - 1000 - i)]));
    const results = await Promise.all([...rigs.map((r, i) => batcher.submit(r.rigId, batches[i]!)), batcher.submit(rigs[0]!.rigId, batches[0]!)]);
    expect(results.slice(0, 5).map((r) => r.accepted)).toEqual([1, 1, 1, 1, 1]);
    expect(results[5]).toMatchObject({ accepted: 0, duplicate: true });
    expect(results[2]!.desired).toMatchObject({ mode: "AI", generation: 7 });
    expect(results[1]!.desired).toMatchObject({ mode: "MINE" });
    expect(await count("RigSample")).toBe(5);
    expect(await count("DeviceSample")).toBe(10);
    expect(await db.prisma.rigState.count()).toBe(5);
    // Each rig's latest state holds its own readings (the columns of one flush line up rig by rig).
    const later = rigs.map((_, i) => batch([new Date(now.getTime() - 500 + i)], i + 1));
    expect((await Promise.all(rigs.map((r, i) => batcher.submit(r.rigId, later[i]!)))).map((r) => r.accepted)).toEqual([1, 1, 1, 1, 1]);
    const states = await Promise.all(rigs.map((r) => db.prisma.rigState.findUniqueOrThrow({ where: { rigId: r.rigId } })));
    expect(states.map((s) => s.devices)).toEqual(later.map((b) => b.samples[0]!.devices));
    expect(states.map((s) => s.at)).toEqual(later.map((b) => new Date(b.samples[0]!.at)));
  });
});

describe("pgArray (the hot path's array parameters)", () => {
  it("reads back in Postgres as node-postgres's own arrays do, awkward text included", async () => {
    const text = ["plain", "", "NULL", 'quo"te', "back\\slash", "{brace}", "a,b", " spaced ", "ünï €", '{"k":"v\\"}', null, undefined];
    const numbers = [0, -0, 1, -7, 1.5, 2400.25, 61e6, 1e16, 1e-7, null];
    const when = new Date("2026-03-04T05:06:07.089Z");
    const cases: [string, (string | number | boolean | Date | null | undefined)[]][] = [
      ["text", text],
      ["float8", numbers],
      ["real", [290.5, 61.25, null]],
      ["int", [1, 2147483647, -2147483648, null]],
      ["bool", [true, false, null]],
      ["timestamptz", [when, "2026-03-04T05:06:07.089Z", "2026-03-04T07:06:07.089+02:00", null]],
    ];
    for (const [type, values] of cases) {
      const ours = await db.pool.query(`SELECT $1::${type}[] AS v`, [pgArray(values)]);
      const theirs = await db.pool.query(`SELECT $1::${type}[] AS v`, [values]);
      expect(ours.rows[0].v, type).toEqual(theirs.rows[0].v);
    }
  });
});
