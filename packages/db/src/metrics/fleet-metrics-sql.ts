/**
 * What /metrics needs beyond the overview, in one statement: each part groups in Postgres and
 * returns a handful of rows (per site and status, per alert kind and severity, one run), so a
 * scrape costs one pass over Rig (O(rigs)) and two index lookups, never telemetry history.
 */
import { rigStatusSql } from "../rigs/rig-class";

/** $1 = staleBefore, $2 = offlineBefore. Retired rigs are left out, as the overview does. */
export const SQL_FLEET_HEALTH = `
SELECT
  (SELECT coalesce(json_agg(t), '[]'::json) FROM (
    SELECT r."siteId" AS "siteId", ${rigStatusSql("$1", "$2")} AS status, count(*)::int AS rigs
    FROM "Rig" r WHERE r.lifecycle <> 'RETIRED' GROUP BY 1, 2) t) AS statuses,
  (SELECT coalesce(json_agg(t), '[]'::json) FROM (
    SELECT kind, severity, count(*)::int AS open FROM "Alert" WHERE "resolvedAt" IS NULL GROUP BY 1, 2) t) AS alerts,
  (SELECT row_to_json(t) FROM (
    SELECT "epochStart", error IS NOT NULL AS failed FROM "SchedulerRun" ORDER BY "epochStart" DESC LIMIT 1) t) AS "lastRun",
  (SELECT row_to_json(t) FROM (
    SELECT "epochStart", "startedAt", "finishedAt", "rigsSeen", changes FROM "SchedulerRun"
    WHERE "finishedAt" IS NOT NULL ORDER BY "epochStart" DESC LIMIT 1) t) AS "lastFinishedRun"`;
