/**
 * Builds (or rebuilds) the profitability ledger for [from, to): whole UTC hours, never past the
 * last complete hour before `now`. Idempotent: a rebuild with unchanged facts changes nothing;
 * late telemetry or a price revision changes exactly the affected rows, bumps their revision
 * and logs before/after in LedgerRevision under this build's id.
 */
import { createHash } from "node:crypto";
import type { Database } from "../client";
import { invalid } from "../errors";
import { pgTransaction } from "../transaction";
import { INPUTS_DIGEST_SQL, INSERTED_ROWS_DIGEST_SQL, ROWS_DIGEST_SQL, STORE_DIGEST_SQL, STORED_DIGEST_SQL } from "./build-ledger-digest-sql";
import { INSERT_LEDGER_SQL, RIG_CATALOGUE_SQL, UPSERT_LEDGER_SQL } from "./build-ledger-sql";
import { ceilHour, floorHour, HOUR_MS } from "./time";

/**
 * Arbitrary constant: with a chunk's UTC day, the advisory lock every build of hours of that day
 * takes. Chunks never span two days, so builds of overlapping hours run one after the other and
 * each sees the rows and digests the one before it committed.
 */
const LEDGER_LOCK = 7_301_800;
const DAY_MS = 24 * HOUR_MS;
const MAX_DAYS = 400;
const ANALYZE_AFTER_ROWS = 100_000;

export interface TLedgerBuildResult {
  buildId: number | null;
  from: Date;
  to: Date;
  inserted: number;
  updated: number;
  deleted: number;
  seconds: number;
}

export async function buildLedger({
  db,
  from,
  to,
  now = new Date(),
  reason = "manual",
  requestedBy = "system",
  chunkHours = 24,
  concurrency = 2,
  onProgress,
}: {
  db: Database;
  from: Date;
  to: Date;
  now?: Date;
  reason?: string;
  requestedBy?: string;
  /** Hours per statement (chunks also end at each UTC midnight): bounds Postgres memory and gives progress. */
  chunkHours?: number;
  /** Chunks built at once, each on its own connection (keep below the pool size). */
  concurrency?: number;
  onProgress?: (doneChunks: number, totalChunks: number) => void;
}): Promise<TLedgerBuildResult> {
  if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime())) throw invalid("from and to must be valid times");
  const start = floorHour(from);
  const end = new Date(Math.min(ceilHour(to).getTime(), floorHour(now).getTime()));
  if (end.getTime() - start.getTime() > MAX_DAYS * 24 * HOUR_MS) throw invalid(`a ledger build covers at most ${MAX_DAYS} days`);
  const started = performance.now();
  if (end <= start) return { buildId: null, from: start, to: start, inserted: 0, updated: 0, deleted: 0, seconds: 0 };

  const build = await db.prisma.ledgerBuild.create({ data: { from: start, to: end, reason, requestedBy }, select: { id: true } });
  const catalogue = await rigCatalogue(db);
  // What every chunk computes with besides its facts: the rules (this SQL) and the catalogue.
  const rulesDigest = createHash("sha256").update(INSERT_LEDGER_SQL).update(UPSERT_LEDGER_SQL).update(JSON.stringify(catalogue)).digest("hex");
  const chunks: [Date, Date][] = [];
  for (let t = start.getTime(); t < end.getTime(); ) {
    const next = Math.min(t + chunkHours * HOUR_MS, (Math.floor(t / DAY_MS) + 1) * DAY_MS, end.getTime());
    chunks.push([new Date(t), new Date(next)]);
    t = next;
  }
  const totals = { inserted: 0, updated: 0, deleted: 0 };
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < chunks.length) {
      const [a, b] = chunks[next++]!;
      const counts = await buildChunk(db, [a, b, now, build.id, ...catalogue], rulesDigest);
      totals.inserted += counts.inserted;
      totals.updated += counts.updated;
      totals.deleted += counts.deleted;
      onProgress?.(++done, chunks.length);
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, chunks.length)) }, worker));
  } catch (error) {
    await db.prisma.ledgerBuild.update({ where: { id: build.id }, data: { ...totals, finishedAt: new Date(), error: String((error as Error).message).slice(0, 1000) } });
    throw error;
  }
  await db.prisma.ledgerBuild.update({ where: { id: build.id }, data: { ...totals, finishedAt: new Date() } });
  // A large first build changes the table's statistics at once: refresh them rather than wait for
  // autovacuum, so that reports over the new rows get good plans straight away.
  if (totals.inserted > ANALYZE_AFTER_ROWS) await db.pool.query(`ANALYZE "LedgerEntry"`);
  return { buildId: build.id, from: start, to: end, ...totals, seconds: (performance.now() - started) / 1000 };
}

/** RIG_CATALOGUE_SQL's rows as column arrays: the chunks' parameters $5..$9. */
async function rigCatalogue(db: Database): Promise<unknown[]> {
  const { rows } = await db.pool.query<{ rigId: number; profileId: number; cat_hs: number; cat_w: number; is_default: boolean }>(RIG_CATALOGUE_SQL);
  return [rows.map((r) => r.rigId), rows.map((r) => r.profileId), rows.map((r) => r.cat_hs), rows.map((r) => r.cat_w), rows.map((r) => r.is_default)];
}

/**
 * One chunk in one transaction: skipped when its inputs and its stored rows are as its last build
 * left them (build-ledger-digest-sql.ts), else inserted (no rows yet) or upserted, and its
 * digests stored.
 */
async function buildChunk(db: Database, params: unknown[], rulesDigest: string) {
  const [from, to, now, buildId] = params as [Date, Date, Date, number];
  return pgTransaction(db, async (client) => {
    // Hash joins and sorts of a day of a 10k-rig fleet (240k rows) stay in memory.
    await client.query("SET LOCAL work_mem = '64MB'");
    // The statement is large and its row estimates are rough (generate_series, unnested arrays):
    // JIT compilation alone took seconds, and merge joins sorted 240k rows where a hash does.
    await client.query("SET LOCAL jit = off");
    await client.query("SET LOCAL enable_mergejoin = off");
    // Derived data, rebuildable: a crash losing the last chunk's commit costs nothing.
    await client.query("SET LOCAL synchronous_commit = off");
    await client.query("SELECT pg_advisory_xact_lock($1, $2)", [LEDGER_LOCK, Math.floor(from.getTime() / DAY_MS)]);
    // Read before the chunk is computed: a fact written meanwhile makes the next build compute it again.
    const inputs = (await client.query<{ digest: string }>(INPUTS_DIGEST_SQL, [from, to, now, rulesDigest])).rows[0]!.digest;
    const stored = (await client.query<{ inputs: string; rows: string }>(STORED_DIGEST_SQL, [from, to])).rows[0];
    const rowsDigest = async () => (await client.query<{ digest: string }>(ROWS_DIGEST_SQL, [from, to])).rows[0]!.digest;
    let counts = { inserted: 0, updated: 0, deleted: 0 };
    if (stored?.inputs === inputs && stored.rows === (await rowsDigest())) return counts;
    // A chunk with no rows yet (the first build of a period) takes the plain-insert path.
    const { rows: existing } = await client.query(`SELECT 1 FROM "LedgerEntry" WHERE hour >= $1 AND hour < $2 LIMIT 1`, [from, to]);
    let rows: string;
    if (existing.length) {
      const { rows: upserted } = await client.query<typeof counts>(UPSERT_LEDGER_SQL, params);
      counts = upserted[0] ?? counts;
      rows = await rowsDigest();
    } else {
      const { rowCount } = await client.query(INSERT_LEDGER_SQL, params);
      counts.inserted = rowCount ?? 0;
      // The hours had no rows and no other build writes them while this one holds the day's lock.
      rows = (await client.query<{ digest: string }>(INSERTED_ROWS_DIGEST_SQL, [counts.inserted])).rows[0]!.digest;
    }
    await client.query(STORE_DIGEST_SQL, [from, to, inputs, rows, buildId]);
    return counts;
  });
}
