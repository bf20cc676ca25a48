import type { Database } from "../client";

/**
 * Whether Postgres answers a trivial query within `timeoutMs`, and how fast (ms). Never throws:
 * a health check reports the database as down, it does not fail with it. The timeout covers a
 * server that accepts connections but does not answer (a pool waiting on a hung connect).
 */
export async function pingDatabase({ db, timeoutMs = 2_000 }: { db: Database; timeoutMs?: number }): Promise<{ ok: boolean; ms: number }> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  const query = db.pool.query("SELECT 1").then(
    () => true,
    () => false,
  );
  try {
    const ok = await Promise.race([query, timeout]);
    return { ok, ms: Math.round(performance.now() - started) };
  } finally {
    clearTimeout(timer);
  }
}
