/**
 * Alert derivation in SQL on purpose: it runs every scheduler epoch over every rig, so the
 * conditions are computed set-wise into a temporary table and compared with the open alerts
 * in a few statements. Messages leave out the rig's name: the alert carries its rig, and the
 * pages show the name beside the message.
 *
 * An alert's subject is its job (job.failed), else its rig, else its site (site.over_cap,
 * price.spike): one open alert per (kind, subject). Kinds marked `once` (a failed job) open one
 * alert per subject ever: resolving one by hand does not bring it back.
 */
import { ALERT_KIND_KEYS } from "./kinds";

export const DERIVED_ALERT_KINDS = ALERT_KIND_KEYS;

/** Serialises concurrent refreshes (two workers): one open alert per (kind, subject) holds without a unique index. */
export const SQL_LOCK = `SELECT pg_advisory_xact_lock(hashtext('rigshift.refreshAlerts'))`;

/** The catalogue's canonical model key (packages/protocol gpuModelKey) in SQL: rates and rigs name models differently. */
const modelKey = (x: string) => `regexp_replace(regexp_replace(lower(${x}), '\\m(nvidia|geforce|tesla)\\M', '', 'g'), '[^a-z0-9]', '', 'g')`;

/** Hashes per second as an operator reads them: "240.0 MH/s". */
const hashrate = (x: string) => `CASE
  WHEN ${x} >= 1e15 THEN round((${x} / 1e15)::numeric, 1) || ' PH/s' WHEN ${x} >= 1e12 THEN round((${x} / 1e12)::numeric, 1) || ' TH/s'
  WHEN ${x} >= 1e9 THEN round((${x} / 1e9)::numeric, 1) || ' GH/s' WHEN ${x} >= 1e6 THEN round((${x} / 1e6)::numeric, 1) || ' MH/s'
  WHEN ${x} >= 1e3 THEN round((${x} / 1e3)::numeric, 1) || ' kH/s' ELSE round(${x}::numeric) || ' H/s' END`;

const usd = (microUsd: string) => `'$' || to_char(${microUsd} / 1e6, 'FM999999990.00')`;

/**
 * $1 offlineBefore: rigs silent since are offline (and not judged on anything else).
 * $2 eventsSince: failed starts and probe timeouts this recent keep their alert open.
 * $3 now.
 * $4 settledBefore: a rig whose desired state changed after this, or a placement that started
 *    after this, is still warming up: no hashrate or utilisation alert yet.
 * $5 hashrate ratio (0.7): a mining rig below this share of its profile's rate.
 * $6 utilisation percent (20): an AI rig with a job, its GPUs below this.
 * $7 price multiple (3) and $8 price floor (micro-USD/MWh): a site's current electricity price at
 *    or above both its 24 h median times the multiple and the floor.
 * $9 jobsFailedSince: failed AI jobs finished since then raise an alert.
 */
export const SQL_CONDITIONS = `
CREATE TEMP TABLE alert_condition ON COMMIT DROP AS
WITH rate AS MATERIALIZED (
  SELECT DISTINCT ON (mp.key, ${modelKey(`mr."hardwareModel"`)}) mp.key AS profile, ${modelKey(`mr."hardwareModel"`)} AS model, mr."hashrateHs" AS hs
  FROM "MiningProfileRate" mr JOIN "MiningProfile" mp ON mp.id = mr."profileId"
  ORDER BY mp.key, ${modelKey(`mr."hardwareModel"`)}, mr."hardwareModel"
)
SELECT r.id AS "rigId", r."siteId", NULL::int AS "jobId", 'rig.offline'::text AS kind, 'WARNING'::"Severity" AS severity,
  CASE WHEN r."lastSeenAt" IS NULL THEN 'no report since it enrolled'
       ELSE 'no report since ' || to_char(r."lastSeenAt" AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI') || ' UTC' END AS message,
  false AS once
FROM "Rig" r
WHERE r.lifecycle = 'ACTIVE' AND coalesce(r."lastSeenAt", r."enrolledAt") < $1
UNION ALL
SELECT r.id, r."siteId", NULL, 'gpu.overtemp', 'CRITICAL',
  'hottest GPU at ' || round(s."maxTempC"::numeric) || ' °C, above the site limit of ' || round(coalesce(p."maxGpuTempC", 83)::numeric) || ' °C', false
FROM "Rig" r JOIN "RigState" s ON s."rigId" = r.id LEFT JOIN "SitePolicy" p ON p."siteId" = r."siteId"
WHERE r.lifecycle <> 'RETIRED' AND r.kind = 'GPU_RIG' AND r."lastSeenAt" >= $1 AND s."maxTempC" > coalesce(p."maxGpuTempC", 83)
UNION ALL
SELECT e."rigId", r."siteId", NULL, e.type, 'WARNING',
  CASE e.type WHEN 'workload.start_failed' THEN 'workload failed to start' ELSE 'nvidia-smi probe timed out' END
    || ' (' || count(*) || 'x recently); latest: ' || left((array_agg(e.message ORDER BY e.at DESC))[1], 300), false
FROM "AgentEvent" e JOIN "Rig" r ON r.id = e."rigId"
WHERE e.type IN ('workload.start_failed', 'probe.timeout') AND e.at >= $2 AND r.lifecycle <> 'RETIRED'
GROUP BY e."rigId", r."siteId", e.type
UNION ALL
-- A mining rig well below what its profile expects of its hardware (per GPU, or per miner).
SELECT r.id, r."siteId", NULL, 'rig.hashrate_drop', 'WARNING',
  'hashrate ' || ${hashrate(`coalesce(s."hashrateHs", 0)`)} || ', ' || round(100 * coalesce(s."hashrateHs", 0) / x.hs) || '% of the '
    || ${hashrate("x.hs")} || ' that profile ' || s.workload || ' expects', false
FROM "Rig" r JOIN "RigState" s ON s."rigId" = r.id JOIN "DesiredState" ds ON ds."rigId" = r.id
JOIN LATERAL (
  SELECT sum(rate.hs) AS hs
  FROM (SELECT r.model WHERE r.kind = 'ASIC' UNION ALL SELECT d.model FROM "Device" d WHERE d."rigId" = r.id AND d.kind = 'GPU' AND r.kind = 'GPU_RIG') u(model)
  JOIN rate ON rate.profile = s.workload AND rate.model = ${modelKey("u.model")}
) x ON x.hs > 0
WHERE r.lifecycle = 'ACTIVE' AND r."lastSeenAt" >= $1 AND s.mode = 'MINE' AND ds."updatedAt" < $4 AND coalesce(s."hashrateHs", 0) < $5::float8 * x.hs
UNION ALL
-- GPUs nearly idle on a rig that runs an AI job: the job is stuck or crashed.
SELECT r.id, r."siteId", NULL, 'rig.util_drop', 'WARNING',
  'GPU utilisation ' || round(coalesce(s."avgUtilPct", 0)::numeric) || '% while running job #' || min(pl."jobId") || ' (alert below ' || round($6::numeric) || '%)', false
FROM "Rig" r JOIN "RigState" s ON s."rigId" = r.id
JOIN "Placement" pl ON pl."rigId" = r.id AND pl."endedAt" IS NULL AND pl."startedAt" < $4
JOIN "AiJob" j ON j.id = pl."jobId" AND j.status IN ('PLACED', 'RUNNING')
WHERE r.lifecycle = 'ACTIVE' AND r.kind = 'GPU_RIG' AND r."lastSeenAt" >= $1 AND s.mode = 'AI' AND coalesce(s."avgUtilPct", 0) < $6::float8
GROUP BY r.id, r."siteId", s."avgUtilPct"
UNION ALL
SELECT lp."rigId", lp."siteId", j.id, 'job.failed', 'WARNING',
  'AI job #' || j.id || ' "' || left(j.name, 120) || '" for ' || left(j.customer, 120) || ' failed', true
FROM "AiJob" j
LEFT JOIN LATERAL (SELECT pl."rigId", r."siteId" FROM "Placement" pl JOIN "Rig" r ON r.id = pl."rigId" WHERE pl."jobId" = j.id ORDER BY pl."startedAt" DESC LIMIT 1) lp ON true
WHERE j.status = 'FAILED' AND coalesce(j."finishedAt", j."submittedAt") >= $9
UNION ALL
-- Facility power (reporting rigs' IT power x PUE) against the lowest cap in effect, as the scheduler counts it.
SELECT NULL, st.id, NULL, 'site.over_cap', 'CRITICAL',
  'drawing ' || round((p.it_w * st.pue / 1000)::numeric, 1) || ' kW (' || round((p.it_w / 1000)::numeric, 1) || ' kW of rigs x PUE ' || to_char(st.pue, 'FM0.00')
    || '), above the ' || round(least(st."powerCapKw", w."capKw")::numeric, 1) || ' kW cap in effect'
    || CASE WHEN w."capKw" < st."powerCapKw" THEN ' (' || left(w.reason, 120) || ')' ELSE '' END, false
FROM "Site" st
JOIN (SELECT r."siteId", sum(s."powerW"::float8) AS it_w FROM "Rig" r JOIN "RigState" s ON s."rigId" = r.id
      WHERE r.lifecycle <> 'RETIRED' AND r."lastSeenAt" >= $1 GROUP BY r."siteId") p ON p."siteId" = st.id
LEFT JOIN LATERAL (SELECT w."capKw", w.reason FROM "PowerCapWindow" w WHERE w."siteId" = st.id AND w."startsAt" <= $3 AND w."endsAt" > $3 ORDER BY w."capKw" LIMIT 1) w ON true
WHERE p.it_w * st.pue / 1000 > least(st."powerCapKw", w."capKw")
UNION ALL
-- The site's current price: the latest real-time one of the last 2 hours, else the day-ahead one of this interval.
SELECT NULL, st.id, NULL, 'price.spike', 'WARNING',
  'electricity at ' || ${usd("cur.v")} || '/MWh'
    || CASE WHEN med.v > 0 THEN ', ' || round((cur.v / med.v)::numeric, 1) || 'x the 24 h median of ' || ${usd("med.v")} || '/MWh'
            ELSE ' (24 h median ' || ${usd("med.v")} || '/MWh)' END, false
FROM "Site" st
JOIN LATERAL (
  SELECT ps.id AS series, p."valueMicroUsd"::float8 AS v FROM "PriceSeries" ps JOIN "PricePoint" p ON p."seriesId" = ps.id
  WHERE (ps.key = 'electricity:' || st."marketZone" || ':rtm' AND p.at <= $3 AND p.at > $3::timestamptz - interval '2 hours')
     OR (ps.key = 'electricity:' || st."marketZone" || ':dam' AND p.at <= $3 AND p.at + make_interval(secs => p."intervalSeconds") > $3)
  ORDER BY ps.key LIKE '%:rtm' DESC, p.at DESC LIMIT 1
) cur ON true
JOIN LATERAL (
  SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY p."valueMicroUsd") AS v FROM "PricePoint" p
  WHERE p."seriesId" = cur.series AND p.at > $3::timestamptz - interval '24 hours' AND p.at <= $3
) med ON med.v IS NOT NULL
WHERE cur.v >= $8::float8 AND cur.v >= $7::float8 * med.v`;

/** The same subject: an alert `a` and a condition `c` of the same kind. */
const SAME_SUBJECT = `((c."jobId" IS NOT NULL AND a."jobId" = c."jobId")
  OR (c."jobId" IS NULL AND c."rigId" IS NOT NULL AND a."rigId" = c."rigId")
  OR (c."jobId" IS NULL AND c."rigId" IS NULL AND a."rigId" IS NULL AND a."jobId" IS NULL AND a."siteId" = c."siteId"))`;

/** $1 = now. Returns the new alerts' ids. */
export const SQL_OPEN_NEW = `
INSERT INTO "Alert" ("rigId", "siteId", "jobId", kind, severity, message, "openedAt")
SELECT c."rigId", c."siteId", c."jobId", c.kind, c.severity, c.message, $1 FROM alert_condition c
WHERE NOT EXISTS (SELECT 1 FROM "Alert" a WHERE a.kind = c.kind AND (a."resolvedAt" IS NULL OR c.once) AND ${SAME_SUBJECT})
RETURNING id`;

/** $1 = now, $2 = the derived kinds. Alerts of other kinds are left alone. Returns the resolved alerts' ids. */
export const SQL_RESOLVE_CLEARED = `
UPDATE "Alert" a SET "resolvedAt" = $1
WHERE a."resolvedAt" IS NULL AND a.kind = ANY($2)
  AND NOT EXISTS (SELECT 1 FROM alert_condition c WHERE c.kind = a.kind AND ${SAME_SUBJECT})
RETURNING a.id`;
