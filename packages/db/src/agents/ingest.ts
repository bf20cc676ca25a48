import type { TDesiredState, TDeviceReading, TSample, TTelemetryBatch } from "@rigshift/protocol";
import type { Database } from "../client";
import { invalid } from "../errors";
import { LATE_AFTER_MS } from "../telemetry/rollups";
import { pgTransaction } from "../transaction";
import * as SQL from "./ingest-sql";
import { pgArray } from "./ingest-sql";

type TElement = Parameters<typeof pgArray>[0][number];

/** Samples further in the future than this are refused: the rig's clock is wrong. */
export const MAX_CLOCK_AHEAD_MS = 10 * 60 * 1000;
/** Older samples are refused: the agent's buffer is bounded well below this. */
export const MAX_SAMPLE_AGE_MS = 30 * 24 * 3600 * 1000;

export interface TIngestResult {
  accepted: number;
  duplicate: boolean;
  desired: TDesiredState | null;
}

export interface TIngestItem {
  rigId: number;
  batch: TTelemetryBatch;
}

/**
 * Stores one telemetry batch from one rig, whole or not at all. A batch already stored (same
 * batch id) is acknowledged again without storing anything. Returns the rig's desired state.
 */
export async function ingestTelemetry({ db, rigId, batch, now }: { db: Database; rigId: number; batch: TTelemetryBatch; now: Date }): Promise<TIngestResult> {
  checkBatch(batch, now);
  const [result] = await ingestMany({ db, items: [{ rigId, batch }], now });
  return result!;
}

/** The checks that need the server clock; throws INVALID naming the samples. Call before queueing. */
export function checkBatch(batch: TTelemetryBatch, now: Date) {
  const issues = [];
  const seen = new Set<string>();
  for (const [i, s] of batch.samples.entries()) {
    const at = Date.parse(s.at);
    if (at > now.getTime() + MAX_CLOCK_AHEAD_MS)
      issues.push({ path: `samples.${i}.at`, message: `${s.at} is ahead of the server clock (${now.toISOString()}): check the rig's NTP` });
    else if (at < now.getTime() - MAX_SAMPLE_AGE_MS) issues.push({ path: `samples.${i}.at`, message: `${s.at} is older than 30 days` });
    if (seen.has(s.at)) issues.push({ path: `samples.${i}.at`, message: `duplicate timestamp ${s.at} in one batch` });
    seen.add(s.at);
    const indices = new Set<number>();
    for (const [j, d] of s.devices.entries()) {
      if (indices.has(d.index)) issues.push({ path: `samples.${i}.devices.${j}.index`, message: `device ${d.index} appears twice` });
      indices.add(d.index);
    }
  }
  if (issues.length) throw invalid("telemetry batch rejected; nothing was stored", issues.slice(0, 20));
}

/**
 * The batches with a sample older than LATE_AFTER_MS before `now` (an agent delivering its
 * buffer after an outage), with their oldest sample: the rollups re-roll those rigs from there.
 */
function lateBatches(items: TIngestItem[], now: Date): { rigId: number; fromAt: Date }[] {
  const late = [];
  for (const { rigId, batch } of items) {
    let oldest = Number.POSITIVE_INFINITY;
    for (const s of batch.samples) oldest = Math.min(oldest, Date.parse(s.at));
    if (oldest < now.getTime() - LATE_AFTER_MS) late.push({ rigId, fromAt: new Date(oldest) });
  }
  return late;
}

/**
 * Stores many rigs' batches in one transaction (group commit). Each item must have passed
 * checkBatch. Results are in the order of `items`.
 */
export async function ingestMany({ db, items, now }: { db: Database; items: TIngestItem[]; now: Date }): Promise<TIngestResult[]> {
  const rigIds = [...new Set(items.map((i) => i.rigId))].sort((a, b) => a - b);
  const late = lateBatches(items, now);
  return pgTransaction(db, async (client) => {
    const claimed = await client.query<{ kind: "batch" | "device"; rigId: number; batchId: string | null; id: number | null; index: number | null }>({
      ...SQL.CLAIM_BATCHES,
      values: [
        pgArray(items.map((i) => i.rigId)),
        pgArray(items.map((i) => i.batch.batchId)),
        pgArray(items.map((i) => i.batch.samples.length)),
        pgArray(rigIds),
        pgArray(late.map((l) => l.rigId)),
        pgArray(late.map((l) => l.fromAt)),
      ],
    });
    const fresh = new Set<string>();
    const deviceIds = new Map<string, number>();
    for (const r of claimed.rows) {
      if (r.kind === "batch") fresh.add(`${r.rigId}/${r.batchId}`);
      else deviceIds.set(`${r.rigId}/${r.index}`, r.id!);
    }
    // The same batch twice in one flush: the first copy is stored, the second is a duplicate.
    const stored = items.filter((i) => fresh.delete(`${i.rigId}/${i.batch.batchId}`));
    const storedSet = new Set(stored);
    if (stored.length) {
      await addDevices(client, stored, deviceIds);
      const events = eventParams(stored);
      await client.query({
        ...(events ? SQL.STORE_WITH_EVENTS : SQL.STORE),
        values: [...rigSampleParams(stored), ...deviceSampleParams(stored, deviceIds), ...stateParams(stored), ...(events ?? [])],
      });
    }
    const versions = new Map(items.map((i) => [i.rigId, i.batch.agentVersion]));
    // A batch that carries the rig's workload list (the first after an agent start) replaces the
    // stored one, duplicate batch or not: it is what the rig's config allows now.
    const workloads = new Map<number, string>();
    for (const { rigId, batch } of items) if (batch.workloads) workloads.set(rigId, JSON.stringify(batch.workloads));
    const desired = await client.query({
      ...SQL.TOUCH_RIGS,
      values: [pgArray(rigIds), pgArray(rigIds.map(() => now)), pgArray(rigIds.map((id) => versions.get(id))), pgArray(rigIds.map((id) => workloads.get(id)))],
    });
    const desiredByRig = new Map(desired.rows.map((r) => [r.rigId as number, toDesired(r)]));
    return items.map((i) => ({ accepted: storedSet.has(i) ? i.batch.samples.length : 0, duplicate: !storedSet.has(i), desired: desiredByRig.get(i.rigId) ?? null }));
  });
}

/** A device that appeared after enrollment (a GPU added or re-seated) is recorded as reported. */
async function addDevices(client: SQL.Queryable, items: TIngestItem[], ids: Map<string, number>) {
  for (const { rigId, batch } of items) {
    for (const s of batch.samples) {
      for (const d of s.devices) {
        const key = `${rigId}/${d.index}`;
        if (ids.has(key)) continue;
        const added = await client.query<{ id: number }>(SQL.SQL_ADD_DEVICE, [rigId, d.index, d.kind, d.model ?? "unknown", d.uuid ?? null, d.busId ?? null]);
        ids.set(key, added.rows[0]!.id);
      }
    }
  }
}

function rigSampleParams(items: TIngestItem[]): string[] {
  const rows = items.flatMap((i) => i.batch.samples.map((s) => ({ rigId: i.rigId, s })));
  const col = (f: (s: TSample) => TElement) => pgArray(rows.map((r) => f(r.s)));
  return [
    pgArray(rows.map((r) => r.rigId)),
    col((s) => s.at),
    col((s) => s.rig.powerW ?? sum(s.devices.map((d) => d.powerW))),
    col((s) => s.rig.cpuLoadPct),
    col((s) => s.rig.memUsedMb),
    col((s) => s.rig.memTotalMb),
    col((s) => s.rig.inletTempC),
    col((s) => s.rig.hashrateHs ?? sum(s.devices.map((d) => d.hashrateHs))),
    col((s) => s.mode),
    col((s) => s.workload),
  ];
}

function deviceSampleParams(items: TIngestItem[], deviceIds: Map<string, number>): string[] {
  const rows: { at: string; rigId: number; id: number; d: TDeviceReading }[] = [];
  for (const { rigId, batch } of items) for (const s of batch.samples) for (const d of s.devices) rows.push({ at: s.at, rigId, id: deviceIds.get(`${rigId}/${d.index}`)!, d });
  const col = (f: (d: TDeviceReading) => TElement) => pgArray(rows.map((r) => f(r.d)));
  return [
    pgArray(rows.map((r) => r.id)),
    pgArray(rows.map((r) => r.at)),
    pgArray(rows.map((r) => r.rigId)),
    col((d) => d.tempC ?? d.chipTempC),
    col((d) => d.memTempC),
    col((d) => d.powerW),
    col((d) => d.utilPct),
    col((d) => d.vramUsedMb),
    col((d) => d.fanPct),
    col((d) => d.coreClockMhz),
    col((d) => d.memClockMhz),
    col((d) => d.hashrateHs),
    col((d) => d.errors),
  ];
}

/** null when the batches carry no events (the statement then has no events part). */
function eventParams(items: TIngestItem[]): string[] | null {
  const ev = items.flatMap((i) => i.batch.events.map((e) => ({ rigId: i.rigId, e })));
  if (!ev.length) return null;
  return [
    pgArray(ev.map((x) => x.rigId)),
    pgArray(ev.map((x) => x.e.id)),
    pgArray(ev.map((x) => x.e.at)),
    pgArray(ev.map((x) => x.e.type)),
    pgArray(ev.map((x) => x.e.severity)),
    pgArray(ev.map((x) => x.e.message)),
    pgArray(ev.map((x) => (x.e.data ? JSON.stringify(x.e.data) : null))),
  ];
}

function stateParams(items: TIngestItem[]): string[] {
  // One row per rig (a statement may not update a row twice): the newest sample of the flush.
  const latest = new Map<number, { s: TSample; batch: TTelemetryBatch }>();
  for (const { rigId, batch } of items) {
    for (const s of batch.samples) {
      const cur = latest.get(rigId);
      if (!cur || s.at > cur.s.at) latest.set(rigId, { s, batch });
    }
  }
  const rigIds = [...latest.keys()].sort((a, b) => a - b);
  const rows = rigIds.map((id) => ({ id, ...latest.get(id)! }));
  const temps = (s: TSample) => s.devices.map((d) => d.tempC ?? d.chipTempC).filter((t): t is number => t !== undefined);
  const utils = (s: TSample) => s.devices.map((d) => d.utilPct).filter((u): u is number => u !== undefined);
  const col = (f: (r: (typeof rows)[number]) => TElement) => pgArray(rows.map(f));
  return [
    pgArray(rigIds),
    col((r) => r.s.at),
    col((r) => r.s.rig.powerW ?? sum(r.s.devices.map((d) => d.powerW))),
    col((r) => {
      const t = temps(r.s);
      return t.length ? Math.max(...t) : null;
    }),
    col((r) => {
      const u = utils(r.s);
      return u.length ? u.reduce((a, b) => a + b, 0) / u.length : null;
    }),
    col((r) => r.s.rig.hashrateHs ?? sum(r.s.devices.map((d) => d.hashrateHs))),
    col((r) => r.s.rig.cpuLoadPct),
    col((r) => r.batch.state?.mode ?? r.s.mode),
    col((r) => r.batch.state?.workload ?? r.s.workload),
    col((r) => r.batch.state?.appliedGeneration),
    col((r) => r.s.devices.every((d) => !d.errors && !d.eccUncorrected)),
    col((r) => JSON.stringify(r.s.devices)),
    col((r) => r.s.rig.inletTempC),
  ];
}

function sum(values: (number | undefined)[]): number | undefined {
  const known = values.filter((v): v is number => v !== undefined);
  return known.length ? known.reduce((a, b) => a + b, 0) : undefined;
}

function toDesired(row: { generation: number; mode: TDesiredState["mode"]; workload: string | null; params: unknown; jobs: unknown }): TDesiredState {
  return {
    generation: row.generation,
    mode: row.mode,
    workload: row.workload,
    params: (row.params ?? {}) as Record<string, number>,
    jobs: (row.jobs ?? []) as TDesiredState["jobs"],
  };
}
