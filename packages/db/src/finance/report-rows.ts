/**
 * Streams a finance report's rows from the ledger, bucket by bucket (a day of hours for hourly
 * reports), through a cursor in one read-only REPEATABLE READ transaction: memory stays bounded
 * whatever the period, and a rebuild running meanwhile cannot make an export inconsistent.
 */
import type { Database } from "../client";
import { bucketBounds, HOUR_MS } from "./time";
import type { TGroupBy, TReportParams, TReportRow } from "./types";

/**
 * Groups: key and label. Joins needed by the key go before the sums (model); joins needed only
 * for the label go after (site, rig), which keeps them off the 240k ledger rows of a day.
 */
const GROUP: Record<TGroupBy, { key: string; keyOut: string; label: string; before: string; after: string }> = {
  farm: { key: `'farm'`, keyOut: "g.key", label: `'Farm'`, before: "", after: "" },
  site: { key: `e."siteId"`, keyOut: "s.code", label: `s.code || ' ' || s.name`, before: "", after: `JOIN "Site" s ON s.id = g.key` },
  model: { key: "r.model", keyOut: "g.key", label: "g.key", before: `JOIN "Rig" r ON r.id = e."rigId"`, after: "" },
  rig: { key: `e."rigId"`, keyOut: "g.key::text", label: `s.code || '/' || r.hostname`, before: "", after: `JOIN "Rig" r ON r.id = g.key JOIN "Site" s ON s.id = r."siteId"` },
};

/** The figures of a slice row, in order; bigint sums as text (exact). */
const FIGURES = ["n", "energy_wh", "mine_s", "ai_s", "idle_s", "minutes", "no_price", "mining", "ai", "cost", "cf_mining", "cf_cost"];
const SUMS = `count(*)::int AS n, sum(e."energyWh")::float8 AS energy_wh, sum(e."mineSeconds")::float8 AS mine_s, sum(e."aiSeconds")::float8 AS ai_s,
       sum(e."idleSeconds")::float8 AS idle_s, sum(e."minutesMeasured")::float8 AS minutes, count(*) FILTER (WHERE e."priceMicroUsdPerMwh" IS NULL)::int AS no_price,
       sum(e."miningRevenueMicroUsd")::text AS mining, sum(e."aiRevenueMicroUsd")::text AS ai, sum(e."energyCostMicroUsd")::text AS cost,
       sum(e."cfMiningRevenueMicroUsd")::text AS cf_mining, sum(e."cfEnergyCostMicroUsd")::text AS cf_cost`;
const ONE = `1, e."energyWh", e."mineSeconds"::float8, e."aiSeconds"::float8, e."idleSeconds"::float8, e."minutesMeasured"::float8,
       (e."priceMicroUsdPerMwh" IS NULL)::int, e."miningRevenueMicroUsd"::text, e."aiRevenueMicroUsd"::text, e."energyCostMicroUsd"::text,
       e."cfMiningRevenueMicroUsd"::text, e."cfEnergyCostMicroUsd"::text`;

/**
 * One slice of the ledger summed by group (and by hour for hourly reports), as arrays:
 * [bucket unix ms | null, key, label, ...FIGURES].
 */
export function sliceSql(groupBy: TGroupBy, hourly: boolean): string {
  if (hourly && groupBy === "rig") {
    // One ledger row per rig-hour already: nothing to sum.
    return `
SELECT date_part('epoch', e.hour) * 1000, e."rigId"::text, s.code || '/' || r.hostname, ${ONE}
FROM "LedgerEntry" e JOIN "Rig" r ON r.id = e."rigId" JOIN "Site" s ON s.id = r."siteId"
WHERE e.hour >= $1 AND e.hour < $2
ORDER BY e.hour, e."rigId"`;
  }
  const g = GROUP[groupBy];
  return `
WITH g AS (
  SELECT ${hourly ? `date_part('epoch', e.hour) * 1000` : "NULL::float8"} AS bucket, ${g.key} AS key, ${SUMS}
  FROM "LedgerEntry" e ${g.before}
  WHERE e.hour >= $1 AND e.hour < $2
  GROUP BY 1, 2
)
SELECT g.bucket, ${g.keyOut}, ${g.label}, ${FIGURES.map((f) => `g.${f}`).join(", ")}
FROM g ${g.after}
ORDER BY 1, 3, 2`;
}

type TSliceRow = [number | null, string, string, number, number, number, number, number, number, number, string, string, string, string, string];

/** The report's slices: each bucket, or for hourly reports each UTC day of hours. */
export function reportSlices(params: TReportParams): { from: Date; to: Date }[] {
  const hourly = params.granularity === "hour";
  const bounds = bucketBounds(params.from, params.to, hourly ? "day" : params.granularity, hourly ? "UTC" : params.timeZone);
  return bounds.slice(0, -1).map((from, i) => ({ from, to: bounds[i + 1]! }));
}

export async function* reportRows({
  db,
  params,
  batchRows = 5000,
  onProgress,
}: {
  db: Database;
  params: TReportParams;
  /** Rows fetched from the cursor at a time. */
  batchRows?: number;
  /** Called after each slice: slices done, slices in all. */
  onProgress?: (done: number, total: number) => void;
}): AsyncGenerator<TReportRow> {
  const hourly = params.granularity === "hour";
  const slices = reportSlices(params);
  const sql = sliceSql(params.groupBy, hourly);
  const client = await db.pool.connect();
  let open = false;
  try {
    await client.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    open = true;
    // Every row is read: plan for all of them, not the first few; no JIT for short statements.
    await client.query("SET LOCAL jit = off");
    await client.query("SET LOCAL cursor_tuple_fraction = 1");
    for (const [i, slice] of slices.entries()) {
      await client.query(`DECLARE report_slice NO SCROLL CURSOR FOR ${sql}`, [slice.from, slice.to]);
      // The next batch is fetched while this one is turned into rows: Postgres and Node work at once.
      const fetch = () => {
        const p = client.query<TSliceRow>({ text: `FETCH ${batchRows} FROM report_slice`, rowMode: "array" });
        p.catch(() => {}); // awaited below; this only keeps an abandoned fetch from being "unhandled"
        return p;
      };
      let pending = fetch();
      for (;;) {
        const { rows } = await pending;
        const more = rows.length === batchRows;
        if (more) pending = fetch();
        for (const r of rows) {
          const bucket = r[0];
          yield {
            periodStart: bucket === null ? slice.from : new Date(bucket),
            periodEnd: bucket === null ? slice.to : new Date(bucket + HOUR_MS),
            groupKey: r[1],
            groupLabel: r[2],
            rigHours: r[3],
            energyWh: r[4],
            mineSeconds: r[5],
            aiSeconds: r[6],
            idleSeconds: r[7],
            minutesMeasured: r[8],
            hoursWithoutPrice: r[9],
            miningRevenueMicroUsd: BigInt(r[10]),
            aiRevenueMicroUsd: BigInt(r[11]),
            energyCostMicroUsd: BigInt(r[12]),
            cfMiningRevenueMicroUsd: BigInt(r[13]),
            cfEnergyCostMicroUsd: BigInt(r[14]),
          };
        }
        if (!more) break;
      }
      await client.query("CLOSE report_slice");
      onProgress?.(i + 1, slices.length);
    }
    await client.query("COMMIT");
    open = false;
  } finally {
    if (open) await client.query("ROLLBACK").catch(() => {});
    client.release();
  }
}
