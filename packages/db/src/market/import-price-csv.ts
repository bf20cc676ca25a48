import { recordAudit, type TActor } from "../audit/record-audit";
import type { Database } from "../client";
import { invalid } from "../errors";
import { markFeedOk } from "./add-price-point";
import { parsePriceCsv } from "./parse-price-csv";
import { seriesForEntry, upsertPoints } from "./store-points";

/**
 * Imports "timestamp,value" CSV into a series: every row is checked first, and if any is bad
 * nothing is stored and each bad row is reported by line number (issues: path "csv").
 */
export async function importPriceCsv({
  db,
  actor,
  seriesKey,
  csv,
  intervalSeconds,
  now,
}: {
  db: Database;
  actor: TActor;
  seriesKey: string;
  csv: string;
  intervalSeconds?: number;
  now: Date;
}) {
  const series = await seriesForEntry(db.prisma, seriesKey);
  const parsed = parsePriceCsv(csv);
  if (parsed.errors.length) {
    const n = parsed.errors.length;
    throw invalid(
      `${n} ${n === 1 ? "row has an error" : "rows have errors"}; nothing was stored`,
      parsed.errors.slice(0, 50).map((e) => ({ path: "csv", message: `line ${e.line}: ${e.message}` })),
    );
  }
  const interval = intervalSeconds ?? series.defaultIntervalSeconds;
  const client = await db.pool.connect();
  try {
    await client.query("BEGIN");
    const result = await upsertPoints(client, series.id, interval, parsed.points);
    await client.query("COMMIT");
    await markFeedOk(db, series, now);
    const times = parsed.points.map((p) => p.at.getTime());
    const from = new Date(times.reduce((a, b) => Math.min(a, b)));
    const to = new Date(times.reduce((a, b) => Math.max(a, b)));
    const summary = { rows: parsed.points.length, ...result, from, to, intervalSeconds: interval };
    await recordAudit(db.prisma, { actor, action: "market.csv_import", targetType: "price_series", targetId: series.key, after: summary, at: now });
    return { seriesKey: series.key, ...summary, from: summary.from.toISOString(), to: summary.to.toISOString() };
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}
