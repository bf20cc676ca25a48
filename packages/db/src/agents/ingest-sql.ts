/**
 * The telemetry hot path, written in SQL on purpose: many agents' batches are stored in one
 * transaction (unnest of column arrays: a constant number of parameters however large the
 * flush) in five round trips whatever its size: BEGIN; claim the batches and read their rigs'
 * devices; store samples, events and latest states (one statement, a CTE per table); touch the
 * rigs and read their desired states; COMMIT. Every round trip costs both processes a wake-up
 * (it was most of the gateway's CPU per flush), so statements that need no answer in between
 * are merged. Each batch is stored whole or not at all, and acknowledged only after COMMIT.
 * Idempotent twice over: the batch id, and the (rig|device, at) primary keys.
 * Tested in ingest.test.ts against a real Postgres.
 */
import type pg from "pg";

/**
 * $1-$3: rig ids, batch ids, sample counts of the flush's batches; $4: the rigs whose devices
 * to read; $5, $6: rig ids and oldest sample times of the late batches (usually none), recorded
 * for the rollups to re-roll. Rows of kind "batch" are the batches claimed now (not stored
 * before), rows of kind "device" the rigs' known devices.
 */
const SQL_CLAIM_BATCHES = `
WITH claimed AS (
  INSERT INTO "TelemetryBatch" ("rigId", "batchId", "sampleCount")
  SELECT * FROM unnest($1::int[], $2::uuid[], $3::int[])
  ON CONFLICT DO NOTHING RETURNING "rigId", "batchId"::text AS "batchId"
),
late AS (
  INSERT INTO "LateTelemetry" ("rigId", "fromAt") SELECT * FROM unnest($5::int[], $6::timestamptz[])
)
SELECT 'batch' AS kind, "rigId", "batchId", NULL::int AS id, NULL::int AS index FROM claimed
UNION ALL
SELECT 'device', "rigId", NULL, id, index FROM "Device" WHERE "rigId" = ANY($4::int[])`;

export const SQL_ADD_DEVICE = `
INSERT INTO "Device" ("rigId", index, kind, model, uuid, "busId") VALUES ($1, $2, $3::"DeviceKind", $4, $5, $6)
ON CONFLICT ("rigId", index) DO UPDATE SET index = EXCLUDED.index RETURNING id, "rigId", index`;

const RIG_SAMPLES = `
INSERT INTO "RigSample" ("rigId", at, "powerW", "cpuLoadPct", "memUsedMb", "memTotalMb", "inletTempC", "hashrateHs", mode, workload)
SELECT * FROM unnest($1::int[], $2::timestamptz[], $3::real[], $4::real[], $5::int[], $6::int[], $7::real[], $8::float8[], $9::"WorkMode"[], $10::text[])
ON CONFLICT DO NOTHING`;

const DEVICE_SAMPLES = `
INSERT INTO "DeviceSample" ("deviceId", at, "rigId", "tempC", "memTempC", "powerW", "utilPct", "vramUsedMb", "fanPct", "coreClockMhz", "memClockMhz", "hashrateHs", errors)
SELECT * FROM unnest($11::int[], $12::timestamptz[], $13::int[], $14::real[], $15::real[], $16::real[], $17::real[], $18::int[], $19::real[], $20::int[], $21::int[], $22::float8[], $23::int[])
ON CONFLICT DO NOTHING`;

/** Latest state, one row per rig: only ever moves forward in time, so a late batch cannot roll it back. */
const RIG_STATES = `
INSERT INTO "RigState" ("rigId", at, "powerW", "maxTempC", "avgUtilPct", "hashrateHs", "cpuLoadPct", mode, workload, "appliedGeneration", healthy, devices, "inletTempC")
SELECT * FROM unnest($24::int[], $25::timestamptz[], $26::real[], $27::real[], $28::real[], $29::float8[], $30::real[], $31::"WorkMode"[], $32::text[], $33::int[], $34::bool[], $35::jsonb[], $36::real[])
ON CONFLICT ("rigId") DO UPDATE SET
  at = EXCLUDED.at, "powerW" = EXCLUDED."powerW", "maxTempC" = EXCLUDED."maxTempC", "avgUtilPct" = EXCLUDED."avgUtilPct",
  "hashrateHs" = EXCLUDED."hashrateHs", "cpuLoadPct" = EXCLUDED."cpuLoadPct", mode = EXCLUDED.mode, workload = EXCLUDED.workload,
  "appliedGeneration" = EXCLUDED."appliedGeneration", healthy = EXCLUDED.healthy, devices = EXCLUDED.devices,
  "inletTempC" = EXCLUDED."inletTempC"
WHERE "RigState".at <= EXCLUDED.at`;

const EVENTS = `
INSERT INTO "AgentEvent" ("rigId", "eventId", at, type, severity, message, data)
SELECT * FROM unnest($37::int[], $38::text[], $39::timestamptz[], $40::text[], $41::"Severity"[], $42::text[], $43::jsonb[])
ON CONFLICT ("rigId", "eventId") DO NOTHING`;

/**
 * The claimed batches' rig samples ($1-$10), device samples ($11-$23), latest states ($24-$36)
 * and, `withEvents`, events ($37-$43), in one statement: data-modifying CTEs all run to
 * completion, in the transaction of the flush.
 */
const sqlStore = (withEvents: boolean) => `
WITH rig_samples AS (${RIG_SAMPLES}),
device_samples AS (${DEVICE_SAMPLES}),
${withEvents ? `events AS (${EVENTS}),` : ""}
rig_states AS (${RIG_STATES})
SELECT 1`;

/**
 * Touches the rigs ($1 ids, sorted: rows are locked in id order, so concurrent flushes cannot
 * deadlock; $2 seen at; $3 agent versions; $4 workload lists, NULL where the batch carried
 * none: a batch that carries one, the first after an agent start, duplicate or not, replaces
 * the stored list) and answers their desired states.
 */
const SQL_TOUCH_RIGS = `
WITH touched AS (
  UPDATE "Rig" r SET "lastSeenAt" = x.seen, "agentVersion" = x.version, workloads = COALESCE(x.workloads, r.workloads)
  FROM unnest($1::int[], $2::timestamptz[], $3::text[], $4::jsonb[]) AS x(id, seen, version, workloads) WHERE r.id = x.id
)
SELECT "rigId", generation, mode, workload, params, jobs FROM "DesiredState" WHERE "rigId" = ANY($1::int[])`;

/**
 * The flush's statements as named (prepared) statements: each connection parses and plans them
 * once, not on every flush. Their plans are generic by construction (the parameters are whole
 * arrays), and Postgres re-plans them itself after DDL such as a new daily partition.
 */
export const CLAIM_BATCHES = { name: "ingest_claim_batches", text: SQL_CLAIM_BATCHES };
export const STORE = { name: "ingest_store", text: sqlStore(false) };
export const STORE_WITH_EVENTS = { name: "ingest_store_events", text: sqlStore(true) };
export const TOUCH_RIGS = { name: "ingest_touch_rigs", text: SQL_TOUCH_RIGS };

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
