/**
 * Rolls raw telemetry up into RigMinute, RigHour and DeviceHour for [from, to), then sums the rig
 * rollups per site into SitePower. Idempotent: buckets are recomputed from the rows below them and
 * upserted, so re-running a window after late telemetry corrects it. The scheduler worker runs
 * rollupRecentMinutes every minute and rollupIncremental every few minutes; rollupTelemetry rolls
 * a whole window (seeds, benchmarks, a manual correction).
 */
import type { Database } from "../client";
import { advanceRolledTo, deleteInChunks, readRolledTo } from "../housekeeping";
import { EPOCH_ORIGIN, SITE_POWER_BUCKET_SECONDS } from "../overview/ranges";

const HOUR_S = 3600;
const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
const lcm = (xs: number[]) => xs.reduce((a, b) => (a * b) / gcd(a, b), 1);
const SITE_BUCKETS = [...new Set(Object.values(SITE_POWER_BUCKET_SECONDS))];
/** Site buckets under an hour are summed from RigMinute, the others from RigHour (whole hours). */
const FROM_MINUTES = SITE_BUCKETS.filter((s) => s < HOUR_S);
const FROM_HOURS = SITE_BUCKETS.filter((s) => s >= HOUR_S);

/**
 * $1, $2 = [from, to), $3 = bucket sizes (s) coarser than the rollup's own period. Each rig's mean
 * power per bucket, summed per site (the rig's site now): a rig reporting twice as often does not
 * count twice. In buckets of the rollup's own period a rig has one row already, so those are summed
 * directly. Rows without a power reading are left out, so `rigs` counts rigs with one.
 */
const sitePowerSql = (table: string, at: string, periodSeconds: number | null) => `
INSERT INTO "SitePower" ("siteId", "bucketSeconds", at, rigs, "powerW")
WITH x AS MATERIALIZED (
  SELECT r."siteId" AS site, t."rigId", t.${at} AS at, t."powerWAvg"::float8 AS w
  FROM "${table}" t JOIN "Rig" r ON r.id = t."rigId"
  WHERE t.${at} >= $1 AND t.${at} < $2 AND t."powerWAvg" IS NOT NULL
)
${periodSeconds === null ? "" : `SELECT site, ${periodSeconds}, at, count(*), sum(w) FROM x GROUP BY 1, 3 UNION ALL`}
SELECT site, seconds, bucket, count(*), sum(w) FROM (
  SELECT site, g.seconds, date_bin(make_interval(secs => g.seconds), at, ${EPOCH_ORIGIN}) AS bucket, avg(w) AS w
  FROM x CROSS JOIN unnest($3::int[]) AS g(seconds)
  GROUP BY 1, 2, 3, "rigId"
) y GROUP BY 1, 2, 3
ON CONFLICT ("bucketSeconds", at, "siteId") DO UPDATE SET rigs = EXCLUDED.rigs, "powerW" = EXCLUDED."powerW"`;

/** Site power from one rig rollup (its period in seconds) for the bucket sizes it serves, whole buckets from `from`'s widest. */
function sitePowerFrom(db: Database, table: string, at: string, periodSeconds: number, buckets: number[], from: Date, to: Date) {
  const coarser = buckets.filter((s) => s > periodSeconds);
  const sql = sitePowerSql(table, at, buckets.includes(periodSeconds) ? periodSeconds : null);
  return db.pool.query(sql, [bucketStart(from, lcm(buckets)), to, coarser]);
}

/** The start of the bucket of `seconds` holding t (buckets start at the epoch, as date_bin's do). */
const bucketStart = (t: Date, seconds: number) => new Date(Math.floor(t.getTime() / (seconds * 1000)) * seconds * 1000);

/** `AND "rigId" = ANY($3)` where the rollup is limited to some rigs (late telemetry). */
const onlyRigs = (limited: boolean) => (limited ? ` AND "rigId" = ANY($3::int[])` : "");

const rigMinutesSql = (limited: boolean) => `
INSERT INTO "RigMinute" ("rigId", minute, samples, "powerWAvg", "powerWMax", "inletTempCMax", "hashrateHsAvg")
SELECT "rigId", date_trunc('minute', at), count(*), avg("powerW"), max("powerW"), max("inletTempC"), avg("hashrateHs")
FROM "RigSample" WHERE at >= $1 AND at < $2${onlyRigs(limited)} GROUP BY 1, 2
ON CONFLICT ("rigId", minute) DO UPDATE SET samples = EXCLUDED.samples, "powerWAvg" = EXCLUDED."powerWAvg",
  "powerWMax" = EXCLUDED."powerWMax", "inletTempCMax" = EXCLUDED."inletTempCMax", "hashrateHsAvg" = EXCLUDED."hashrateHsAvg"`;

/**
 * Energy: the hour's average measured power x 1 h. Minutes without samples are assumed at that
 * average; minutesCovered says how much of the hour was measured. $1 is rounded down to its hour.
 */
const rigHoursSql = (limited: boolean) => `
INSERT INTO "RigHour" ("rigId", hour, samples, "powerWAvg", "powerWMax", "energyWh", "hashrateHsAvg", "minutesCovered")
SELECT "rigId", date_trunc('hour', at), count(*), avg("powerW"), max("powerW"), avg("powerW"), avg("hashrateHs"), count(DISTINCT date_trunc('minute', at))
FROM "RigSample" WHERE at >= date_trunc('hour', $1::timestamptz) AND at < $2${onlyRigs(limited)} GROUP BY 1, 2
ON CONFLICT ("rigId", hour) DO UPDATE SET samples = EXCLUDED.samples, "powerWAvg" = EXCLUDED."powerWAvg", "powerWMax" = EXCLUDED."powerWMax",
  "energyWh" = EXCLUDED."energyWh", "hashrateHsAvg" = EXCLUDED."hashrateHsAvg", "minutesCovered" = EXCLUDED."minutesCovered"`;

const deviceHoursSql = (limited: boolean) => `
INSERT INTO "DeviceHour" ("deviceId", hour, "rigId", samples, "tempCAvg", "tempCMax", "powerWAvg", "utilPctAvg", "hashrateHsAvg", errors)
SELECT "deviceId", date_trunc('hour', at), min("rigId"), count(*), avg("tempC"), max("tempC"), avg("powerW"), avg("utilPct"), avg("hashrateHs"), sum(errors)
FROM "DeviceSample" WHERE at >= date_trunc('hour', $1::timestamptz) AND at < $2${onlyRigs(limited)} GROUP BY 1, 2
ON CONFLICT ("deviceId", hour) DO UPDATE SET samples = EXCLUDED.samples, "tempCAvg" = EXCLUDED."tempCAvg", "tempCMax" = EXCLUDED."tempCMax",
  "powerWAvg" = EXCLUDED."powerWAvg", "utilPctAvg" = EXCLUDED."utilPctAvg", "hashrateHsAvg" = EXCLUDED."hashrateHsAvg", errors = EXCLUDED.errors`;

/** RigMinute for [from, to), of every rig or of `rigIds`; the rows written. */
async function rollupMinutes(db: Database, from: Date, to: Date, rigIds?: number[]): Promise<number> {
  const r = await db.pool.query(rigMinutesSql(rigIds !== undefined), [from, to, ...(rigIds ? [rigIds] : [])]);
  return r.rowCount ?? 0;
}

/** RigHour and DeviceHour for the hours of [from, to) (from rounded down to its hour), of every rig or of `rigIds`. */
async function rollupHours(db: Database, from: Date, to: Date, rigIds?: number[]): Promise<{ rigHours: number; deviceHours: number }> {
  const params = [from, to, ...(rigIds ? [rigIds] : [])];
  const hours = await db.pool.query(rigHoursSql(rigIds !== undefined), params);
  const devices = await db.pool.query(deviceHoursSql(rigIds !== undefined), params);
  return { rigHours: hours.rowCount ?? 0, deviceHours: devices.rowCount ?? 0 };
}

/** The site buckets of the short-range charts (1 h, 6 h): kept current every minute by rollupRecentMinutes. */
const LIVE_BUCKETS = FROM_MINUTES.filter((s) => s <= 5 * 60);

/**
 * The minute rollup and the short charts' site buckets for the last few minutes, and nothing
 * else: cheap enough to run every minute (it reads minutes of raw telemetry, where
 * rollupTelemetry re-reads hours), so the 1 h and 6 h power charts trail the fleet by a minute
 * or two, not by the maintenance period. rollupIncremental later recomputes the same buckets, with
 * the hour rollups and the long charts' buckets.
 */
export async function rollupRecentMinutes({ db, from, to }: { db: Database; from: Date; to: Date }) {
  const rigMinutes = await rollupMinutes(db, from, to);
  const sites = await sitePowerFrom(db, "RigMinute", "minute", 60, LIVE_BUCKETS, from, to);
  return { rigMinutes, siteBuckets: sites.rowCount ?? 0 };
}

export async function rollupTelemetry({ db, from, to }: { db: Database; from: Date; to: Date }) {
  const rigMinutes = await rollupMinutes(db, from, to);
  const { rigHours, deviceHours } = await rollupHours(db, from, to);
  // Site buckets are summed whole, from the start of the widest one the window touches: its part
  // before the window is read from the rig rollups earlier runs wrote.
  const sitesFromMinutes = await sitePowerFrom(db, "RigMinute", "minute", 60, FROM_MINUTES, from, to);
  const sitesFromHours = await sitePowerFrom(db, "RigHour", "hour", HOUR_S, FROM_HOURS, from, to);
  return { rigMinutes, rigHours, deviceHours, siteBuckets: (sitesFromMinutes.rowCount ?? 0) + (sitesFromHours.rowCount ?? 0) };
}

/**
 * A batch whose oldest sample is this much older than its arrival is late: recorded in
 * LateTelemetry for rollupIncremental. Anything newer falls inside the next run's window
 * (ROLLUP_OVERLAP_MS reaches further back than this).
 */
export const LATE_AFTER_MS = 2 * 60_000;
/** Each run re-reads this much before where the last one stopped: batches committed meanwhile. */
export const ROLLUP_OVERLAP_MS = 5 * 60_000;
/** RigMinute rows are kept this long (site buckets under an hour are summed from them), then purged. */
export const RIG_MINUTES_KEPT_MS = 24 * HOUR_S * 1000;
/** The window of a first run (no RollupState yet). */
const FIRST_WINDOW_MS = 2 * HOUR_S * 1000;
const floorHour = (t: number) => Math.floor(t / (HOUR_S * 1000)) * HOUR_S * 1000;

/**
 * The rollups for the maintenance run at `now`, doing only what changed since the last run: the
 * minutes since it (less ROLLUP_OVERLAP_MS), each hour once it has closed, and the rigs whose late
 * telemetry (an agent delivering its buffer after an outage) reached back further, from where it
 * did. rollupTelemetry re-read two hours of every rig's raw samples each run: 3 hours of
 * DeviceSample (800k GPU rows a minute at 100k rigs) every 5 minutes.
 * RigHour, DeviceHour and the hour-based site buckets (7 d and 30 d charts) hold closed hours; the
 * open hour is charted from the minute rollups (SitePower under an hour) and raw samples (rig
 * detail up to 24 h). Idempotent: two workers running it at once roll the same windows.
 */
export async function rollupIncremental({ db, now }: { db: Database; now: Date }) {
  const t = now.getTime();
  const rolledTo = await readRolledTo(db, "telemetry");
  const from = rolledTo ? Math.min(rolledTo.getTime() - ROLLUP_OVERLAP_MS, t) : t - FIRST_WINDOW_MS;
  const minutesFrom = Math.max(from, t - RIG_MINUTES_KEPT_MS);
  const hoursFrom = floorHour(from);
  const hoursTo = floorHour(t);
  const late = await db.pool.query<{ maxId: string | null; rigIds: number[] | null; fromAt: Date | null }>(
    `SELECT max(id)::text AS "maxId", array_agg(DISTINCT "rigId") AS "rigIds", min("fromAt") AS "fromAt" FROM "LateTelemetry"`,
  );
  const { maxId, rigIds, fromAt } = late.rows[0]!;
  const counts = { rigMinutes: 0, rigHours: 0, deviceHours: 0, siteBuckets: 0, lateRigs: rigIds?.length ?? 0 };
  const addHours = (h: { rigHours: number; deviceHours: number }) => {
    counts.rigHours += h.rigHours;
    counts.deviceHours += h.deviceHours;
  };
  counts.rigMinutes += await rollupMinutes(db, new Date(minutesFrom), now);
  if (hoursFrom < hoursTo) addHours(await rollupHours(db, new Date(hoursFrom), new Date(hoursTo)));
  // Late rigs, before the window above: their minutes (as far back as RigMinute is kept) and closed hours.
  let sitesMinutesFrom = minutesFrom;
  let sitesHoursFrom = hoursFrom;
  if (rigIds?.length && fromAt && fromAt.getTime() < from) {
    const lateMinutesFrom = Math.max(fromAt.getTime(), t - RIG_MINUTES_KEPT_MS);
    if (lateMinutesFrom < minutesFrom) {
      counts.rigMinutes += await rollupMinutes(db, new Date(lateMinutesFrom), new Date(minutesFrom), rigIds);
      sitesMinutesFrom = lateMinutesFrom;
    }
    const lateHoursFrom = floorHour(fromAt.getTime());
    const lateHoursTo = Math.min(hoursFrom, hoursTo);
    if (lateHoursFrom < lateHoursTo) {
      addHours(await rollupHours(db, new Date(lateHoursFrom), new Date(lateHoursTo), rigIds));
      sitesHoursFrom = lateHoursFrom;
    }
  }
  const sitesFromMinutes = await sitePowerFrom(db, "RigMinute", "minute", 60, FROM_MINUTES, new Date(sitesMinutesFrom), now);
  counts.siteBuckets += sitesFromMinutes.rowCount ?? 0;
  if (sitesHoursFrom < hoursTo) {
    const sitesFromHours = await sitePowerFrom(db, "RigHour", "hour", HOUR_S, FROM_HOURS, new Date(sitesHoursFrom), new Date(hoursTo));
    counts.siteBuckets += sitesFromHours.rowCount ?? 0;
  }
  // Done: the next run starts here; the late rows read are handled (newer ones wait for it).
  await advanceRolledTo(db, "telemetry", now);
  if (maxId !== null) await db.pool.query(`DELETE FROM "LateTelemetry" WHERE id <= $1`, [maxId]);
  const rigMinutesPurged = await deleteInChunks(db, { table: "RigMinute", keys: `"rigId", minute`, where: "minute < $1", params: [new Date(t - RIG_MINUTES_KEPT_MS)] });
  return { ...counts, rigMinutesPurged };
}
