import type { Database } from "../client";
import type { TConnectivityThresholds } from "../fleet/connectivity";
import { buildRigQuery } from "./list-rigs-sql";
import { cutoffs } from "./rig-class";
import type { TRigPage, TRigQuery, TRigRow } from "./types";

/** One page of the rigs table, filtered and sorted in Postgres, with the total number of matches. */
export async function listRigs({ db, query, now, thresholds }: { db: Database; query: TRigQuery; now: Date; thresholds: TConnectivityThresholds }): Promise<TRigPage> {
  const { staleBefore, offlineBefore } = cutoffs(now, thresholds);
  const sql = buildRigQuery(query, staleBefore, offlineBefore);
  const [rows, count] = await Promise.all([db.pool.query(sql.select, sql.params), db.pool.query<{ total: number }>(sql.count, sql.countParams)]);
  return {
    rows: rows.rows.map((r): TRigRow => ({ ...r, lastSeenAt: r.lastSeenAt?.toISOString() ?? null })),
    total: count.rows[0]?.total ?? 0,
    page: query.page,
    pageSize: query.pageSize,
  };
}
