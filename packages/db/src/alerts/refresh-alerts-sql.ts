/**
 * Alert derivation in SQL on purpose: it runs every scheduler epoch over every rig, so the
 * conditions are computed set-wise into a temporary table and compared with the open alerts
 * in two statements. $1 = offlineBefore, $2 = eventsSince. Messages leave out the rig's name:
 * the alert carries its rig, and the pages show the name beside the message.
 */
export const DERIVED_ALERT_KINDS = ["rig.offline", "gpu.overtemp", "workload.start_failed", "probe.timeout"] as const;

/** Serialises concurrent refreshes (two workers): one open alert per (rig, kind) holds without a unique index. */
export const SQL_LOCK = `SELECT pg_advisory_xact_lock(hashtext('rigshift.refreshAlerts'))`;

export const SQL_CONDITIONS = `
CREATE TEMP TABLE alert_condition ON COMMIT DROP AS
SELECT r.id AS "rigId", r."siteId", 'rig.offline'::text AS kind, 'WARNING'::"Severity" AS severity,
  CASE WHEN r."lastSeenAt" IS NULL THEN 'no report since it enrolled'
       ELSE 'no report since ' || to_char(r."lastSeenAt" AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI') || ' UTC' END AS message
FROM "Rig" r
WHERE r.lifecycle = 'ACTIVE' AND coalesce(r."lastSeenAt", r."enrolledAt") < $1
UNION ALL
SELECT r.id, r."siteId", 'gpu.overtemp', 'CRITICAL',
  'hottest GPU at ' || round(s."maxTempC"::numeric) || ' °C, above the site limit of ' || round(coalesce(p."maxGpuTempC", 83)::numeric) || ' °C'
FROM "Rig" r JOIN "RigState" s ON s."rigId" = r.id LEFT JOIN "SitePolicy" p ON p."siteId" = r."siteId"
WHERE r.lifecycle <> 'RETIRED' AND r.kind = 'GPU_RIG' AND r."lastSeenAt" >= $1 AND s."maxTempC" > coalesce(p."maxGpuTempC", 83)
UNION ALL
SELECT e."rigId", r."siteId", e.type, 'WARNING',
  CASE e.type WHEN 'workload.start_failed' THEN 'workload failed to start' ELSE 'nvidia-smi probe timed out' END
    || ' (' || count(*) || 'x recently); latest: ' || left((array_agg(e.message ORDER BY e.at DESC))[1], 300)
FROM "AgentEvent" e JOIN "Rig" r ON r.id = e."rigId"
WHERE e.type IN ('workload.start_failed', 'probe.timeout') AND e.at >= $2 AND r.lifecycle <> 'RETIRED'
GROUP BY e."rigId", r."siteId", e.type`;

/** $1 = now. */
export const SQL_OPEN_NEW = `
INSERT INTO "Alert" ("rigId", "siteId", kind, severity, message, "openedAt")
SELECT c."rigId", c."siteId", c.kind, c.severity, c.message, $1 FROM alert_condition c
WHERE NOT EXISTS (SELECT 1 FROM "Alert" a WHERE a."rigId" = c."rigId" AND a.kind = c.kind AND a."resolvedAt" IS NULL)`;

/** $1 = now, $2 = the derived kinds. Alerts raised by hand or by other kinds are left alone. */
export const SQL_RESOLVE_CLEARED = `
UPDATE "Alert" a SET "resolvedAt" = $1
WHERE a."resolvedAt" IS NULL AND a.kind = ANY($2) AND a."rigId" IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM alert_condition c WHERE c."rigId" = a."rigId" AND c.kind = a.kind)`;
