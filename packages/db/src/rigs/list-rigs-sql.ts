/**
 * The rigs table's query, in SQL on purpose: it filters, sorts and pages tens of thousands of
 * rigs per request, and counts the matches, using Rig's indexes (hostname, lastSeenAt, model).
 * Every value is a bind parameter; only whitelisted column expressions are spliced in.
 */
import { containsPattern } from "../sql-like";
import { rigClassSql, rigStatusSql } from "./rig-class";
import type { TRigQuery, TRigSort } from "./types";

// $1 = staleBefore, $2 = offlineBefore: always bound, so filters and columns share them.
const CLASS = rigClassSql("$2");
const STATUS = rigStatusSql("$1", "$2");

const ORDER: Record<TRigSort, string> = {
  hostname: "r.hostname",
  site: "st.code",
  model: "r.model",
  mode: CLASS,
  power: `s."powerW"`,
  temp: `s."maxTempC"`,
  lastSeen: `r."lastSeenAt"`,
};

export function buildRigQuery(q: TRigQuery, staleBefore: Date, offlineBefore: Date) {
  const params: unknown[] = [staleBefore, offlineBefore];
  const bind = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  // Both cut-offs are typed and referenced in every statement, whichever filters use them.
  const where = [`$1::timestamptz IS NOT NULL AND $2::timestamptz IS NOT NULL`, `r.lifecycle <> 'RETIRED'`];
  if (q.siteId !== undefined) where.push(`r."siteId" = ${bind(q.siteId)}`);
  if (q.model) where.push(`r.model = ${bind(q.model)}`);
  if (q.tag) where.push(`r.tags @> ARRAY[${bind(q.tag)}]::text[]`);
  if (q.q) where.push(`r.hostname ILIKE ${bind(containsPattern(q.q))}`);
  if (q.mode) where.push(`(${CLASS}) = ${bind(q.mode)}`);
  if (q.status === "online") where.push(`r."lastSeenAt" >= $1`);
  if (q.status === "stale") where.push(`r."lastSeenAt" < $1 AND r."lastSeenAt" >= $2`);
  if (q.status === "offline") where.push(`(r."lastSeenAt" IS NULL OR r."lastSeenAt" < $2)`);
  if (q.health === "healthy") where.push(`coalesce(s.healthy, true)`);
  if (q.health === "unhealthy") where.push(`s.healthy = false`);
  const whereSql = `WHERE ${where.join(" AND ")}`;
  const dir = q.dir === "desc" ? "DESC" : "ASC";
  const nulls = q.dir === "desc" ? "NULLS LAST" : "NULLS FIRST";
  const tieBreak = q.sort === "hostname" ? `r.id ${dir}` : "r.hostname ASC, r.id ASC";
  const order = `ORDER BY ${ORDER[q.sort]} ${dir} ${q.sort === "power" || q.sort === "temp" || q.sort === "lastSeen" ? nulls : ""}, ${tieBreak}`;
  const countParams = [...params];
  const limit = bind(q.pageSize);
  const offset = bind((q.page - 1) * q.pageSize);
  // Pick the page's ids first with as few joins as the filters and sort need, then fetch the
  // 50 rows' details: the select list is then computed for one page, not for every match.
  const siteJoin = q.sort === "site" ? `JOIN "Site" st ON st.id = r."siteId"` : "";
  const page = `SELECT r.id FROM "Rig" r ${siteJoin} LEFT JOIN "RigState" s ON s."rigId" = r.id ${whereSql} ${order} LIMIT ${limit} OFFSET ${offset}`;
  const select = `SELECT r.id, r.hostname, r."siteId", st.code AS "siteCode", r.kind, r.model, r.tags, r.lifecycle, r."lastSeenAt",
    ${CLASS} AS class, ${STATUS} AS status, s.mode, s.workload, ds.mode AS "desiredMode", ds.source AS "desiredSource", r."pinnedMode",
    s."powerW", s."maxTempC", s."avgUtilPct", s."hashrateHs", s.healthy
    FROM (${page}) p JOIN "Rig" r ON r.id = p.id JOIN "Site" st ON st.id = r."siteId"
    LEFT JOIN "RigState" s ON s."rigId" = r.id LEFT JOIN "DesiredState" ds ON ds."rigId" = r.id
    ${order}`;
  // The count needs no DesiredState and no Site join (Postgres drops the unused RigState join too).
  const count = `SELECT count(*)::int AS total FROM "Rig" r LEFT JOIN "RigState" s ON s."rigId" = r.id ${whereSql}`;
  return { select, params, count, countParams };
}
