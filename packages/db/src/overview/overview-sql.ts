/**
 * The overview's aggregates in SQL on purpose: they run over every rig (100k at scale) every
 * few seconds, so they group in Postgres and return one row per site and class, never per rig.
 */

/**
 * $1 = offlineBefore. Rigs grouped by the inputs of their class (rigClass turns each group into
 * one), not by the class text: the same counts at 100k rigs in about 100 ms instead of 180.
 * The mode is grouped as the enum and turned into text for the few groups only (enum_out per
 * row was about a tenth of the query). Power counts rigs still reporting (online or stale),
 * whatever their class.
 */
export const SQL_RIGS_BY_SITE_AND_CLASS = `
SELECT "siteId", maintenance, seen, mode::text AS mode, rigs, "powerW" FROM (
  SELECT r."siteId" AS "siteId", r.lifecycle = 'MAINTENANCE' AS maintenance, coalesce(r."lastSeenAt" >= $1, false) AS seen, s.mode,
    count(*)::int AS rigs, coalesce(sum(s."powerW"), 0)::float8 AS "powerW"
  FROM "Rig" r LEFT JOIN "RigState" s ON s."rigId" = r.id
  WHERE r.lifecycle <> 'RETIRED'
  GROUP BY 1, 2, 3, 4
) g`;

export const SQL_SITES = `SELECT id, code, name, "powerCapKw" FROM "Site" ORDER BY code`;

/** $1 = now. The lowest active window wins. */
export const SQL_ACTIVE_CAPS = `
SELECT DISTINCT ON ("siteId") "siteId", "capKw", reason, "endsAt"
FROM "PowerCapWindow" WHERE "startsAt" <= $1 AND "endsAt" > $1
ORDER BY "siteId", "capKw"`;

/** The newest finished scheduler run (the unique epochStart index: one row read). */
export const SQL_LATEST_RUN = `SELECT id, "epochStart", "finishedAt" FROM "SchedulerRun" WHERE "finishedAt" IS NOT NULL ORDER BY "epochStart" DESC LIMIT 1`;

/** $1 = run id, $2 = its epochStart. A run's decisions summed per site (Decision.at = epochStart: uses the at index). */
export const SQL_RUN_ECONOMICS = `
SELECT r."siteId" AS "siteId", count(d.id)::int AS decisions,
  sum(d."expectedMicroUsdPerHour")::text AS profit, sum(d."revenueMicroUsdPerHour")::text AS revenue, sum(d."energyMicroUsdPerHour")::text AS energy
FROM "Decision" d JOIN "Rig" r ON r.id = d."rigId"
WHERE d."runId" = $1 AND d.at = $2
GROUP BY 1`;

/**
 * A rig alert's site is looked up per open alert (a primary-key probe each), not by a join the
 * planner runs as a scan of every rig (100k at scale) for a few hundred alerts.
 */
export const SQL_OPEN_ALERTS = `
SELECT coalesce(a."siteId", (SELECT r."siteId" FROM "Rig" r WHERE r.id = a."rigId")) AS "siteId",
  count(*)::int AS open, (count(*) FILTER (WHERE a.severity = 'CRITICAL'))::int AS critical
FROM "Alert" a WHERE a."resolvedAt" IS NULL GROUP BY 1`;

/** The eight newest open alerts, critical first, chosen before their rig and site are joined (eight probes, not a scan of every rig). */
export const SQL_RECENT_ALERTS = `
SELECT a.id, a.kind, a.severity, a.message, a."openedAt", a."acknowledgedAt", a."rigId", r.hostname, coalesce(st.code, rs.code) AS "siteCode"
FROM (
  SELECT id, kind, severity, message, "openedAt", "acknowledgedAt", "rigId", "siteId" FROM "Alert"
  WHERE "resolvedAt" IS NULL ORDER BY severity = 'CRITICAL' DESC, "openedAt" DESC, id DESC LIMIT 8
) a
LEFT JOIN "Rig" r ON r.id = a."rigId" LEFT JOIN "Site" rs ON rs.id = r."siteId" LEFT JOIN "Site" st ON st.id = a."siteId"
ORDER BY a.severity = 'CRITICAL' DESC, a."openedAt" DESC, a.id DESC`;
