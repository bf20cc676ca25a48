/**
 * Daily partitions of the raw telemetry tables (RigSample, DeviceSample): created ahead, dropped
 * after the retention period. Rows that landed in the DEFAULT partition (a clock far off, or
 * maintenance that had not run) are moved into their day's partition when it is created.
 */
import { MAX_SAMPLE_AGE_MS } from "../agents/ingest";
import type { Database } from "../client";
import { deleteInChunks } from "../housekeeping";
import { pgTransaction } from "../transaction";

export const PARTITIONED_TABLES = ["RigSample", "DeviceSample"] as const;
const DAY_MS = 86_400_000;

function dayName(table: string, dayStartMs: number) {
  return `${table}_p${new Date(dayStartMs).toISOString().slice(0, 10).replaceAll("-", "")}`;
}

/** Creates the partitions for [today - 1, today + daysAhead]; returns the names created. */
export async function ensurePartitions({ db, now, daysAhead = 2 }: { db: Database; now: Date; daysAhead?: number }): Promise<string[]> {
  const created: string[] = [];
  const today = Math.floor(now.getTime() / DAY_MS) * DAY_MS;
  for (const table of PARTITIONED_TABLES) {
    for (let d = -1; d <= daysAhead; d++) {
      const from = today + d * DAY_MS;
      const name = dayName(table, from);
      const exists = await db.pool.query(`SELECT 1 FROM pg_class WHERE relname = $1`, [name]);
      if (exists.rowCount) continue;
      await createPartition(db, table, name, new Date(from), new Date(from + DAY_MS));
      created.push(name);
    }
  }
  return created;
}

async function createPartition(db: Database, table: string, name: string, from: Date, to: Date) {
  try {
    await pgTransaction(db, async (client) => {
      // Build the partition beside the table, move any rows of its range out of DEFAULT, attach.
      await client.query(`CREATE TABLE "${name}" (LIKE "${table}" INCLUDING DEFAULTS INCLUDING CONSTRAINTS)`);
      await client.query(`WITH moved AS (DELETE FROM "${table}_default" WHERE at >= $1 AND at < $2 RETURNING *) INSERT INTO "${name}" SELECT * FROM moved`, [from, to]);
      await client.query(`ALTER TABLE "${table}" ATTACH PARTITION "${name}" FOR VALUES FROM ('${from.toISOString()}') TO ('${to.toISOString()}')`);
    });
  } catch (error) {
    // Another worker created it meanwhile: that is fine.
    if ((error as { code?: string }).code !== "42P07") throw error;
  }
}

/** Drops day partitions that ended before now - retentionDays, and old rows in DEFAULT. */
export async function dropExpiredPartitions({ db, now, retentionDays }: { db: Database; now: Date; retentionDays: number }): Promise<string[]> {
  const cutoff = Math.floor(now.getTime() / DAY_MS) * DAY_MS - retentionDays * DAY_MS;
  const dropped: string[] = [];
  for (const table of PARTITIONED_TABLES) {
    const { rows } = await db.pool.query<{ name: string }>(
      `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent WHERE p.relname = $1`,
      [table],
    );
    for (const { name } of rows) {
      const m = /_p(\d{4})(\d{2})(\d{2})$/.exec(name);
      if (!m) continue;
      const endMs = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!) + DAY_MS;
      if (endMs > cutoff) continue;
      await db.pool.query(`DROP TABLE IF EXISTS "${name}"`);
      dropped.push(name);
    }
    await db.pool.query(`DELETE FROM "${table}_default" WHERE at < $1`, [new Date(cutoff)]);
  }
  return dropped;
}

/** Delivered batch ids are kept as long as their samples could still be sent (and accepted) again. */
export const BATCH_IDS_KEPT_MS = MAX_SAMPLE_AGE_MS + DAY_MS;
/**
 * Deletes the record of batches received before now - BATCH_IDS_KEPT_MS, in chunks (short
 * transactions: deleteInChunks). A redelivery that old is refused anyway:
 * its samples are past MAX_SAMPLE_AGE_MS. Without this, one row per report accumulates forever
 * (285M a day at 100k rigs every 30 s). Returns the rows deleted.
 */
export async function purgeDeliveredBatchIds({ db, now }: { db: Database; now: Date }): Promise<number> {
  const before = new Date(now.getTime() - BATCH_IDS_KEPT_MS);
  return deleteInChunks(db, { table: "TelemetryBatch", keys: `"rigId", "batchId"`, where: `"receivedAt" < $1`, params: [before] });
}
