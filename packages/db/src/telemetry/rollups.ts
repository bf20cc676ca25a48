/**
 * Rolls raw telemetry up into RigMinute, RigHour and DeviceHour for [from, to). Idempotent:
 * buckets are recomputed from the raw rows and upserted, so re-running a window after late
 * telemetry corrects it. Run for recent buckets every few minutes (the scheduler worker does).
 */
import type { Database } from "../client";

export async function rollupTelemetry({ db, from, to }: { db: Database; from: Date; to: Date }) {
  const minute = await db.pool.query(
    `INSERT INTO "RigMinute" ("rigId", minute, samples, "powerWAvg", "powerWMax", "inletTempCMax", "hashrateHsAvg")
     SELECT "rigId", date_trunc('minute', at), count(*), avg("powerW"), max("powerW"), max("inletTempC"), avg("hashrateHs")
     FROM "RigSample" WHERE at >= $1 AND at < $2 GROUP BY 1, 2
     ON CONFLICT ("rigId", minute) DO UPDATE SET samples = EXCLUDED.samples, "powerWAvg" = EXCLUDED."powerWAvg",
       "powerWMax" = EXCLUDED."powerWMax", "inletTempCMax" = EXCLUDED."inletTempCMax", "hashrateHsAvg" = EXCLUDED."hashrateHsAvg"`,
    [from, to],
  );
  // Energy: the hour's average measured power x 1 h. Minutes without samples are assumed at that
  // average; minutesCovered says how much of the hour was measured.
  const hour = await db.pool.query(
    `INSERT INTO "RigHour" ("rigId", hour, samples, "powerWAvg", "powerWMax", "energyWh", "hashrateHsAvg", "minutesCovered")
     SELECT "rigId", date_trunc('hour', at), count(*), avg("powerW"), max("powerW"), avg("powerW"), avg("hashrateHs"), count(DISTINCT date_trunc('minute', at))
     FROM "RigSample" WHERE at >= date_trunc('hour', $1::timestamptz) AND at < $2 GROUP BY 1, 2
     ON CONFLICT ("rigId", hour) DO UPDATE SET samples = EXCLUDED.samples, "powerWAvg" = EXCLUDED."powerWAvg", "powerWMax" = EXCLUDED."powerWMax",
       "energyWh" = EXCLUDED."energyWh", "hashrateHsAvg" = EXCLUDED."hashrateHsAvg", "minutesCovered" = EXCLUDED."minutesCovered"`,
    [from, to],
  );
  const device = await db.pool.query(
    `INSERT INTO "DeviceHour" ("deviceId", hour, "rigId", samples, "tempCAvg", "tempCMax", "powerWAvg", "utilPctAvg", "hashrateHsAvg", errors)
     SELECT "deviceId", date_trunc('hour', at), min("rigId"), count(*), avg("tempC"), max("tempC"), avg("powerW"), avg("utilPct"), avg("hashrateHs"), sum(errors)
     FROM "DeviceSample" WHERE at >= date_trunc('hour', $1::timestamptz) AND at < $2 GROUP BY 1, 2
     ON CONFLICT ("deviceId", hour) DO UPDATE SET samples = EXCLUDED.samples, "tempCAvg" = EXCLUDED."tempCAvg", "tempCMax" = EXCLUDED."tempCMax",
       "powerWAvg" = EXCLUDED."powerWAvg", "utilPctAvg" = EXCLUDED."utilPctAvg", "hashrateHsAvg" = EXCLUDED."hashrateHsAvg", errors = EXCLUDED.errors`,
    [from, to],
  );
  return { rigMinutes: minute.rowCount ?? 0, rigHours: hour.rowCount ?? 0, deviceHours: device.rowCount ?? 0 };
}
