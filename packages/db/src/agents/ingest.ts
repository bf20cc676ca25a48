import type { TDesiredState, TDeviceReading, TSample, TTelemetryBatch } from "@rigshift/protocol";
import type { Database } from "../client";
import { invalid } from "../errors";
import * as SQL from "./ingest-sql";

/** Samples further in the future than this are refused: the rig's clock is wrong. */
export const MAX_CLOCK_AHEAD_MS = 10 * 60 * 1000;
/** Older samples are refused: the agent's buffer is bounded well below this. */
export const MAX_SAMPLE_AGE_MS = 30 * 24 * 3600 * 1000;

export interface TIngestResult {
  accepted: number;
  duplicate: boolean;
  desired: TDesiredState | null;
}

/**
 * Stores one telemetry batch from one rig, whole or not at all. A batch already stored (same
 * batch id) is acknowledged again without storing anything. Returns the rig's desired state.
 */
export async function ingestTelemetry({ db, rigId, batch, now }: { db: Database; rigId: number; batch: TTelemetryBatch; now: Date }): Promise<TIngestResult> {
  checkTimes(batch, now);
  const client = await db.pool.connect();
  try {
    await client.query("BEGIN");
    const claimed = await client.query(SQL.SQL_CLAIM_BATCH, [rigId, batch.batchId, batch.samples.length]);
    let accepted = 0;
    if (claimed.rowCount === 1) {
      const deviceIds = await resolveDevices(client, rigId, batch.samples);
      await insertRigSamples(client, rigId, batch.samples);
      await insertDeviceSamples(client, rigId, batch.samples, deviceIds);
      await insertEvents(client, rigId, batch);
      await upsertState(client, rigId, batch);
      accepted = batch.samples.length;
    }
    await client.query(SQL.SQL_TOUCH_RIG, [rigId, now, batch.agentVersion]);
    const desired = await client.query(SQL.SQL_DESIRED, [rigId]);
    await client.query("COMMIT");
    return { accepted, duplicate: claimed.rowCount !== 1, desired: desired.rows[0] ? toDesired(desired.rows[0]) : null };
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

function checkTimes(batch: TTelemetryBatch, now: Date) {
  const issues = [];
  for (const [i, s] of batch.samples.entries()) {
    const at = Date.parse(s.at);
    if (at > now.getTime() + MAX_CLOCK_AHEAD_MS)
      issues.push({ path: `samples.${i}.at`, message: `${s.at} is ahead of the server clock (${now.toISOString()}): check the rig's NTP` });
    else if (at < now.getTime() - MAX_SAMPLE_AGE_MS) issues.push({ path: `samples.${i}.at`, message: `${s.at} is older than 30 days` });
  }
  const seen = new Set<string>();
  for (const [i, s] of batch.samples.entries()) {
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

async function resolveDevices(client: SQL.Queryable, rigId: number, samples: TSample[]): Promise<Map<number, number>> {
  const known = await client.query<{ id: number; index: number }>(SQL.SQL_RIG_DEVICES, [rigId]);
  const ids = new Map(known.rows.map((r) => [r.index, r.id]));
  for (const s of samples) {
    for (const d of s.devices) {
      if (ids.has(d.index)) continue;
      // A device that appeared after enrollment (a GPU added or re-seated) is recorded as reported.
      const added = await client.query<{ id: number; index: number }>(SQL.SQL_ADD_DEVICE, [rigId, d.index, d.kind, d.model ?? "unknown", d.uuid ?? null, d.busId ?? null]);
      ids.set(d.index, added.rows[0]!.id);
    }
  }
  return ids;
}

async function insertRigSamples(client: SQL.Queryable, rigId: number, samples: TSample[]) {
  if (!samples.length) return;
  const col = <T>(f: (s: TSample) => T | undefined) => samples.map((s) => f(s) ?? null);
  await client.query(SQL.SQL_RIG_SAMPLES, [
    rigId,
    col((s) => s.at),
    col((s) => s.rig.powerW ?? sum(s.devices.map((d) => d.powerW))),
    col((s) => s.rig.cpuLoadPct),
    col((s) => s.rig.memUsedMb),
    col((s) => s.rig.memTotalMb),
    col((s) => s.rig.inletTempC),
    col((s) => s.rig.hashrateHs ?? sum(s.devices.map((d) => d.hashrateHs))),
    col((s) => s.mode),
    col((s) => s.workload),
  ]);
}

async function insertDeviceSamples(client: SQL.Queryable, rigId: number, samples: TSample[], deviceIds: Map<number, number>) {
  const rows: { at: string; id: number; d: TDeviceReading }[] = [];
  for (const s of samples) for (const d of s.devices) rows.push({ at: s.at, id: deviceIds.get(d.index)!, d });
  if (!rows.length) return;
  const col = <T>(f: (d: TDeviceReading) => T | undefined) => rows.map((r) => f(r.d) ?? null);
  await client.query(SQL.SQL_DEVICE_SAMPLES, [
    rigId,
    rows.map((r) => r.id),
    rows.map((r) => r.at),
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
  ]);
}

async function insertEvents(client: SQL.Queryable, rigId: number, batch: TTelemetryBatch) {
  const ev = batch.events;
  if (!ev.length) return;
  await client.query(SQL.SQL_EVENTS, [
    rigId,
    ev.map((e) => e.id),
    ev.map((e) => e.at),
    ev.map((e) => e.type),
    ev.map((e) => e.severity),
    ev.map((e) => e.message),
    ev.map((e) => (e.data ? JSON.stringify(e.data) : null)),
  ]);
}

async function upsertState(client: SQL.Queryable, rigId: number, batch: TTelemetryBatch) {
  const latest = batch.samples.reduce<TSample | undefined>((a, s) => (!a || s.at > a.at ? s : a), undefined);
  if (!latest) return;
  const devs = latest.devices;
  const temps = devs.map((d) => d.tempC ?? d.chipTempC).filter((t): t is number => t !== undefined);
  const utils = devs.map((d) => d.utilPct).filter((u): u is number => u !== undefined);
  await client.query(SQL.SQL_RIG_STATE, [
    rigId,
    latest.at,
    latest.rig.powerW ?? sum(devs.map((d) => d.powerW)) ?? null,
    temps.length ? Math.max(...temps) : null,
    utils.length ? utils.reduce((a, b) => a + b, 0) / utils.length : null,
    latest.rig.hashrateHs ?? sum(devs.map((d) => d.hashrateHs)) ?? null,
    latest.rig.cpuLoadPct ?? null,
    batch.state?.mode ?? latest.mode ?? null,
    batch.state?.workload ?? latest.workload ?? null,
    batch.state?.appliedGeneration ?? null,
    devs.every((d) => !d.errors && !d.eccUncorrected),
    JSON.stringify(devs),
    latest.rig.inletTempC ?? null,
  ]);
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
