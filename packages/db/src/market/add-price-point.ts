import { recordAudit, type TActor } from "../audit/record-audit";
import type { Database } from "../client";
import { invalid } from "../errors";
import { parseUsdToMicro } from "../money/usd";
import { seriesForEntry, upsertPoints } from "./store-points";

/** Enters one price by hand (replacing any point at that time). `valueUsd` is decimal text in the series' unit. */
export async function addPricePoint({
  db,
  actor,
  seriesKey,
  at,
  valueUsd,
  intervalSeconds,
  now,
}: {
  db: Database;
  actor: TActor;
  seriesKey: string;
  at: Date;
  valueUsd: string;
  intervalSeconds?: number;
  now: Date;
}) {
  const micro = parseUsdToMicro(valueUsd);
  if (micro === null) throw invalid("value is not a dollar amount", [{ path: "valueUsd", message: "a dollar amount with at most 6 decimals, e.g. 42.15" }]);
  const series = await seriesForEntry(db.prisma, seriesKey);
  const interval = intervalSeconds ?? series.defaultIntervalSeconds;
  const client = await db.pool.connect();
  try {
    await client.query("BEGIN");
    const result = await upsertPoints(client, series.id, interval, [{ at, valueMicroUsd: micro }]);
    await client.query("COMMIT");
    await markFeedOk(db, series, now);
    await recordAudit(db.prisma, {
      actor,
      action: "market.point_add",
      targetType: "price_series",
      targetId: series.key,
      after: { at, valueMicroUsd: micro, intervalSeconds: interval },
      at: now,
    });
    return { seriesKey: series.key, at: at.toISOString(), intervalSeconds: interval, ...result };
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

/** Hand-fed feeds are healthy when a person feeds them; an HTTP feed's health stays its fetcher's. */
export async function markFeedOk(db: Database, series: { feedId: number; feedKind: string }, now: Date) {
  if (series.feedKind !== "HTTP") await db.prisma.priceFeed.update({ where: { id: series.feedId }, data: { lastOkAt: now, lastError: null } });
}
