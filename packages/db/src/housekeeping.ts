/**
 * Pieces the worker's maintenance jobs share: where an incremental job stopped (RollupState, one
 * row per job), and deletes of many rows in short transactions.
 */
import type { Database } from "./client";

/** Where the job `key` stopped last, or null before its first run. */
export async function readRolledTo(db: Database, key: string): Promise<Date | null> {
  const { rows } = await db.pool.query<{ rolledTo: Date }>(`SELECT "rolledTo" FROM "RollupState" WHERE key = $1`, [key]);
  return rows[0]?.rolledTo ?? null;
}

/** Records that the job `key` got to `to`; never moves it back (two workers may run it at once). */
export async function advanceRolledTo(db: Database, key: string, to: Date): Promise<void> {
  await db.pool.query(
    `INSERT INTO "RollupState" (key, "rolledTo") VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET "rolledTo" = greatest("RollupState"."rolledTo", EXCLUDED."rolledTo")`,
    [key, to],
  );
}

const DELETE_CHUNK = 50_000;

/**
 * Deletes the rows of `table` that `where` selects, at most DELETE_CHUNK per statement (each its
 * own short transaction), by `keys`, the table's primary key columns. Returns the rows deleted.
 */
export async function deleteInChunks(db: Database, { table, keys, where, params }: { table: string; keys: string; where: string; params: unknown[] }): Promise<number> {
  let deleted = 0;
  for (;;) {
    const { rowCount } = await db.pool.query(`DELETE FROM "${table}" WHERE (${keys}) IN (SELECT ${keys} FROM "${table}" WHERE ${where} LIMIT ${DELETE_CHUNK})`, params);
    deleted += rowCount ?? 0;
    if ((rowCount ?? 0) < DELETE_CHUNK) return deleted;
  }
}
