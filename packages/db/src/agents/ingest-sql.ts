/**
 * The telemetry hot path, written in SQL on purpose: one statement per table per batch
 * (unnest of column arrays, a constant number of parameters however large the batch), all in
 * one transaction so that a batch is stored whole or not at all, and acknowledged only after
 * COMMIT. Idempotent twice over: the batch id, and the (rig|device, at) primary keys.
 * Tested in ingest.test.ts against a real Postgres.
 */
import type pg from "pg";

export const SQL_CLAIM_BATCH = `
INSERT INTO "TelemetryBatch" ("rigId", "batchId", "sampleCount") VALUES ($1, $2, $3)
ON CONFLICT DO NOTHING RETURNING 1`;

export const SQL_RIG_DEVICES = `SELECT id, index FROM "Device" WHERE "rigId" = $1`;

export const SQL_ADD_DEVICE = `
INSERT INTO "Device" ("rigId", index, kind, model, uuid, "busId") VALUES ($1, $2, $3::"DeviceKind", $4, $5, $6)
ON CONFLICT ("rigId", index) DO UPDATE SET index = EXCLUDED.index RETURNING id, index`;

export const SQL_RIG_SAMPLES = `
INSERT INTO "RigSample" ("rigId", at, "powerW", "cpuLoadPct", "memUsedMb", "memTotalMb", "inletTempC", "hashrateHs", mode, workload)
SELECT $1, * FROM unnest($2::timestamptz[], $3::real[], $4::real[], $5::int[], $6::int[], $7::real[], $8::float8[], $9::"WorkMode"[], $10::text[])
ON CONFLICT DO NOTHING`;

export const SQL_DEVICE_SAMPLES = `
INSERT INTO "DeviceSample" ("deviceId", at, "rigId", "tempC", "memTempC", "powerW", "utilPct", "vramUsedMb", "fanPct", "coreClockMhz", "memClockMhz", "hashrateHs", errors)
SELECT d, a, $1, t, mt, p, u, v, f, cc, mc, h, e
FROM unnest($2::int[], $3::timestamptz[], $4::real[], $5::real[], $6::real[], $7::real[], $8::int[], $9::real[], $10::int[], $11::int[], $12::float8[], $13::int[])
  AS x(d, a, t, mt, p, u, v, f, cc, mc, h, e)
ON CONFLICT DO NOTHING`;

export const SQL_EVENTS = `
INSERT INTO "AgentEvent" ("rigId", "eventId", at, type, severity, message, data)
SELECT $1, i, a, t, s, m, d FROM unnest($2::text[], $3::timestamptz[], $4::text[], $5::"Severity"[], $6::text[], $7::jsonb[]) AS x(i, a, t, s, m, d)
ON CONFLICT ("rigId", "eventId") DO NOTHING`;

/** Latest state: only ever moves forward in time, so a late batch cannot roll it back. */
export const SQL_RIG_STATE = `
INSERT INTO "RigState" ("rigId", at, "powerW", "maxTempC", "avgUtilPct", "hashrateHs", "cpuLoadPct", mode, workload, "appliedGeneration", healthy, devices, "inletTempC")
VALUES ($1, $2, $3, $4, $5, $6, $7, $8::"WorkMode", $9, $10, $11, $12::jsonb, $13)
ON CONFLICT ("rigId") DO UPDATE SET
  at = EXCLUDED.at, "powerW" = EXCLUDED."powerW", "maxTempC" = EXCLUDED."maxTempC", "avgUtilPct" = EXCLUDED."avgUtilPct",
  "hashrateHs" = EXCLUDED."hashrateHs", "cpuLoadPct" = EXCLUDED."cpuLoadPct", mode = EXCLUDED.mode, workload = EXCLUDED.workload,
  "appliedGeneration" = EXCLUDED."appliedGeneration", healthy = EXCLUDED.healthy, devices = EXCLUDED.devices,
  "inletTempC" = EXCLUDED."inletTempC"
WHERE "RigState".at <= EXCLUDED.at`;

export const SQL_TOUCH_RIG = `UPDATE "Rig" SET "lastSeenAt" = $2, "agentVersion" = $3 WHERE id = $1`;

export const SQL_DESIRED = `SELECT generation, mode, workload, params, jobs FROM "DesiredState" WHERE "rigId" = $1`;

export type Queryable = Pick<pg.PoolClient, "query">;
