/**
 * The telemetry hot path, written in SQL on purpose: many agents' batches are stored in one
 * transaction with one statement per table (unnest of column arrays: a constant number of
 * parameters however large the flush), so the database does a few round trips per flush instead
 * of a dozen per request. Each batch is stored whole or not at all, and acknowledged only after
 * COMMIT. Idempotent twice over: the batch id, and the (rig|device, at) primary keys.
 * Tested in ingest.test.ts against a real Postgres.
 */
import type pg from "pg";

export const SQL_CLAIM_BATCHES = `
INSERT INTO "TelemetryBatch" ("rigId", "batchId", "sampleCount")
SELECT * FROM unnest($1::int[], $2::uuid[], $3::int[])
ON CONFLICT DO NOTHING RETURNING "rigId", "batchId"::text AS "batchId"`;

export const SQL_RIG_DEVICES = `SELECT id, "rigId", index FROM "Device" WHERE "rigId" = ANY($1::int[])`;

export const SQL_ADD_DEVICE = `
INSERT INTO "Device" ("rigId", index, kind, model, uuid, "busId") VALUES ($1, $2, $3::"DeviceKind", $4, $5, $6)
ON CONFLICT ("rigId", index) DO UPDATE SET index = EXCLUDED.index RETURNING id, "rigId", index`;

export const SQL_RIG_SAMPLES = `
INSERT INTO "RigSample" ("rigId", at, "powerW", "cpuLoadPct", "memUsedMb", "memTotalMb", "inletTempC", "hashrateHs", mode, workload)
SELECT * FROM unnest($1::int[], $2::timestamptz[], $3::real[], $4::real[], $5::int[], $6::int[], $7::real[], $8::float8[], $9::"WorkMode"[], $10::text[])
ON CONFLICT DO NOTHING`;

export const SQL_DEVICE_SAMPLES = `
INSERT INTO "DeviceSample" ("deviceId", at, "rigId", "tempC", "memTempC", "powerW", "utilPct", "vramUsedMb", "fanPct", "coreClockMhz", "memClockMhz", "hashrateHs", errors)
SELECT * FROM unnest($1::int[], $2::timestamptz[], $3::int[], $4::real[], $5::real[], $6::real[], $7::real[], $8::int[], $9::real[], $10::int[], $11::int[], $12::float8[], $13::int[])
ON CONFLICT DO NOTHING`;

export const SQL_EVENTS = `
INSERT INTO "AgentEvent" ("rigId", "eventId", at, type, severity, message, data)
SELECT * FROM unnest($1::int[], $2::text[], $3::timestamptz[], $4::text[], $5::"Severity"[], $6::text[], $7::jsonb[])
ON CONFLICT ("rigId", "eventId") DO NOTHING`;

/** Latest state, one row per rig: only ever moves forward in time, so a late batch cannot roll it back. */
export const SQL_RIG_STATES = `
INSERT INTO "RigState" ("rigId", at, "powerW", "maxTempC", "avgUtilPct", "hashrateHs", "cpuLoadPct", mode, workload, "appliedGeneration", healthy, devices, "inletTempC")
SELECT * FROM unnest($1::int[], $2::timestamptz[], $3::real[], $4::real[], $5::real[], $6::float8[], $7::real[], $8::"WorkMode"[], $9::text[], $10::int[], $11::bool[], $12::jsonb[], $13::real[])
ON CONFLICT ("rigId") DO UPDATE SET
  at = EXCLUDED.at, "powerW" = EXCLUDED."powerW", "maxTempC" = EXCLUDED."maxTempC", "avgUtilPct" = EXCLUDED."avgUtilPct",
  "hashrateHs" = EXCLUDED."hashrateHs", "cpuLoadPct" = EXCLUDED."cpuLoadPct", mode = EXCLUDED.mode, workload = EXCLUDED.workload,
  "appliedGeneration" = EXCLUDED."appliedGeneration", healthy = EXCLUDED.healthy, devices = EXCLUDED.devices,
  "inletTempC" = EXCLUDED."inletTempC"
WHERE "RigState".at <= EXCLUDED.at`;

/** Rows are locked in rigId order (the arrays are sorted) so concurrent flushes cannot deadlock. */
export const SQL_TOUCH_RIGS = `
UPDATE "Rig" r SET "lastSeenAt" = x.seen, "agentVersion" = x.version
FROM unnest($1::int[], $2::timestamptz[], $3::text[]) AS x(id, seen, version) WHERE r.id = x.id`;

export const SQL_UPDATE_WORKLOADS = `
UPDATE "Rig" r SET workloads = w.workloads
FROM unnest($1::int[], $2::jsonb[]) AS w("rigId", workloads)
WHERE r.id = w."rigId" AND r.workloads IS DISTINCT FROM w.workloads`;

export const SQL_DESIRED = `SELECT "rigId", generation, mode, workload, params, jobs FROM "DesiredState" WHERE "rigId" = ANY($1::int[])`;

export type Queryable = Pick<pg.PoolClient, "query">;

type TElement = number | string | boolean | Date | null | undefined;

/**
 * The text of a Postgres array literal, for the `unnest($n::type[])` parameters: what
 * node-postgres would send for a JS array, less its cost (it quotes and regex-escapes every
 * element; a flush sends tens of thousands). Numbers and booleans go bare, strings quoted and
 * escaped only when they hold a quote or a backslash, dates as ISO-8601 UTC; null and
 * undefined are NULL.
 */
export function pgArray(values: readonly TElement[]): string {
  let text = "{";
  for (let i = 0; i < values.length; i++) {
    if (i > 0) text += ",";
    const v = values[i];
    if (v === null || v === undefined) text += "NULL";
    else if (typeof v === "string") text += NEEDS_ESCAPE.test(v) ? `"${v.replace(/[\\"]/g, "\\$&")}"` : `"${v}"`;
    else if (v instanceof Date) text += `"${v.toISOString()}"`;
    else text += String(v);
  }
  return `${text}}`;
}

const NEEDS_ESCAPE = /[\\"]/;
