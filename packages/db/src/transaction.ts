import type pg from "pg";
import type { Database } from "./client";

/**
 * Runs `work` in one transaction on a pooled connection: COMMIT when it resolves, ROLLBACK and
 * rethrow when it throws. A connection whose ROLLBACK also failed (the server went away) is
 * destroyed rather than handed to the next caller.
 */
export async function pgTransaction<T>(db: Database, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await db.pool.connect();
  let broken = false;
  try {
    await client.query("BEGIN");
    const result = await work(client);
    await client.query("COMMIT");
    return result;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {
      broken = true;
    });
    throw error;
  } finally {
    client.release(broken);
  }
}
