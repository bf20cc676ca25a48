/**
 * Digests that let a rebuild skip a chunk whose ledger rows cannot have changed: one of every
 * fact COMPUTE (build-ledger-sql.ts) reads for hours [$1, $2), one of the chunk's stored rows.
 * A chunk's digests are stored with its build (LedgerChunk); a rebuild of the same hours
 * compares before computing anything. Tests: build-ledger.test.ts.
 *
 * The big tables are digested by row version, not content: count(*) and the sum of xmin (the id
 * of the transaction that wrote each row version) over the rows a chunk reads. Every insert,
 * update or delete writes row versions under a newer transaction id than any row already
 * there, so a set that changed in any way has another count or a larger sum (until
 * transaction ids wrap around, billions of transactions later: then a chunk is, at worst,
 * skipped once when the count and the sum coincide). Small tables are digested by the content
 * the ledger uses: Rig rows are touched by telemetry (lastSeenAt), which changes no figure.
 * An update that rewrites equal values changes the digest: the chunk is computed again, and its
 * compare writes nothing.
 *
 * Parameters: $1 from, $2 to, $3 now, $4 a digest of the build's rules and catalogue (buildLedger).
 */
import { DECISION_SPAN } from "./build-ledger-sql";

/**
 * count:sum(xmin - 3) of the rows, computed from age(xmin) (this transaction's id less xmin): a
 * cast of xmin through text costs twice as much. The reference, '3' (the first normal id), only
 * keeps the sum the same from one transaction to the next.
 */
const versions = (table: string, where: string) =>
  `(SELECT count(*) || ':' || (count(*) * age('3'::xid)::int8 - coalesce(sum(age(t.xmin)::int8), 0)) FROM "${table}" t WHERE ${where})`;

export const INPUTS_DIGEST_SQL = `
SELECT md5(concat_ws(' ',
  ${versions("Decision", `t.at >= $1::timestamptz - interval '${DECISION_SPAN}' AND t.at < $2::timestamptz + interval '${DECISION_SPAN}'`)},
  ${versions("RigHour", "t.hour >= $1 AND t.hour < $2")},
  (SELECT count(*) || ':' || (2 * count(*) * age('3'::xid)::int8 - coalesce(sum(age(pl.xmin)::int8 + age(j.xmin)::int8), 0))
   FROM "Placement" pl JOIN "AiJob" j ON j.id = pl."jobId"
   WHERE pl."startedAt" < $2 AND coalesce(pl."endedAt", 'infinity') > $1),
  ${versions("PricePoint", `t.at < $2 AND (t.at > $1::timestamptz - interval '1 day' OR t."seriesId" IN (SELECT id FROM "PriceSeries" WHERE key LIKE 'hashprice:%'))`)},
  (SELECT string_agg(id || '=' || key, ',' ORDER BY id) FROM "PriceSeries"),
  (SELECT string_agg(id || '=' || key || '/' || coin || '/' || "poolFeeBps", ',' ORDER BY id) FROM "MiningProfile"),
  (SELECT string_agg(id || '=' || pue || '/' || "marketZone", ',' ORDER BY id) FROM "Site"),
  (SELECT md5(string_agg(id || '=' || "siteId", ',' ORDER BY id)) FROM "Rig"),
  least($3::timestamptz, $2::timestamptz)::text,
  $4::text
)) AS digest
`;

/** The chunk's stored rows, by version (as above): any write to them since changes it. */
export const ROWS_DIGEST_SQL = `SELECT ${versions("LedgerEntry", "t.hour >= $1 AND t.hour < $2")} AS digest`;

/**
 * ROWS_DIGEST_SQL of $1 rows that this transaction inserted into hours that had none, without
 * reading them back: each row's xmin is this transaction's id (the low 32 bits of txid_current),
 * whose age is 0.
 */
export const INSERTED_ROWS_DIGEST_SQL = `SELECT $1::int8 || ':' || ($1::int8 * age('3'::xid)::int8 - $1::int8 * age((txid_current() % 4294967296)::text::xid)::int8) AS digest`;

/** A chunk whose digests equal the stored ones needs no work. */
export const STORED_DIGEST_SQL = `SELECT inputs, rows FROM "LedgerChunk" WHERE "from" = $1 AND "to" = $2`;

/** Stores this chunk's digests; those of other chunks overlapping it are dropped (superseded). */
export const STORE_DIGEST_SQL = `
WITH gone AS (DELETE FROM "LedgerChunk" WHERE "from" < $2 AND "to" > $1 AND ("from", "to") <> ($1, $2))
INSERT INTO "LedgerChunk" ("from", "to", inputs, rows, "buildId") VALUES ($1, $2, $3, $4, $5)
ON CONFLICT ("from", "to") DO UPDATE SET inputs = EXCLUDED.inputs, rows = EXCLUDED.rows, "buildId" = EXCLUDED."buildId", "builtAt" = now()
`;
