import { afterAll, beforeEach, describe, expect, it } from "vitest";
import type { TActor } from "../audit/record-audit";
import { testDatabase, truncateAll } from "../testing";
import { addPricePoint } from "./add-price-point";
import { importPriceCsv } from "./import-price-csv";
import { listMarket } from "./list-market";
import { seriesPoints } from "./series-points";

const db = testDatabase(process.env.DATABASE_URL);
afterAll(() => db.close());
beforeEach(() => truncateAll(db));
const actor: TActor = { userId: null, label: "finance-op@example.com" };
const KEY = "electricity:ERCOT:HB_SOUTH:rtm";

async function seedSeries() {
  const manual = await db.prisma.priceFeed.create({ data: { name: "manual", kind: "MANUAL" } });
  const http = await db.prisma.priceFeed.create({ data: { name: "ercot", kind: "HTTP", lastOkAt: new Date(Date.now() - 3600_000), lastError: "HTTP 503" } });
  const s = await db.prisma.priceSeries.create({ data: { key: KEY, kind: "ELECTRICITY", unit: "USD/MWh", zone: "ERCOT:HB_SOUTH", feedId: manual.id } });
  await db.prisma.priceSeries.create({ data: { key: "coin:BTC", kind: "COIN", unit: "USD/coin", feedId: http.id } });
  return s;
}

describe("market", () => {
  it("imports a CSV whole, replacing points at the same time, and marks the manual feed healthy", async () => {
    const s = await seedSeries();
    await addPricePoint({ db, actor, seriesKey: KEY, at: new Date("2026-11-20T00:00:00Z"), valueUsd: "10", intervalSeconds: 900, now: new Date() });
    const r = await importPriceCsv({ db, actor, seriesKey: KEY, csv: "timestamp,value\n2026-11-20T00:00:00Z,42.15\n2026-11-20T00:15:00Z,40\n", now: new Date() });
    expect(r).toMatchObject({ rows: 2, stored: 1, replaced: 1, intervalSeconds: 900 });
    const points = await db.prisma.pricePoint.findMany({ where: { seriesId: s.id }, orderBy: { at: "asc" } });
    expect(points.map((p) => p.valueMicroUsd)).toEqual([42_150_000n, 40_000_000n]);
    const m = await listMarket({ db });
    expect(m.series.find((x) => x.key === KEY)?.latest).toMatchObject({ valueUsd: 40, at: "2026-11-20T00:15:00.000Z" });
    expect(m.feeds.map((f) => [f.name, f.health])).toEqual([
      ["ercot", "failing"],
      ["manual", "ok"],
    ]);
    expect(await db.prisma.auditLog.count({ where: { action: { startsWith: "market." } } })).toBe(2);
  });

  it("stores nothing when any row is bad, and names the lines", async () => {
    await seedSeries();
    const error = await importPriceCsv({ db, actor, seriesKey: KEY, csv: "timestamp,value\n2026-11-20T00:00:00Z,1\n2026-11-20T01:00:00Z,x\n", now: new Date() }).catch((e) => e);
    expect(error.code).toBe("INVALID");
    expect(error.message).toBe("1 row has an error; nothing was stored");
    expect(error.issues).toEqual([{ path: "csv", message: 'line 3: value "x" is not a dollar amount (at most 6 decimals)' }]);
    expect(await db.prisma.pricePoint.count()).toBe(0);
  });

  it("refuses an unknown series and a bad value on their fields", async () => {
    await seedSeries();
    await expect(addPricePoint({ db, actor, seriesKey: "nope", at: new Date(), valueUsd: "1", now: new Date() })).rejects.toMatchObject({ issues: [{ path: "seriesKey" }] });
    await expect(addPricePoint({ db, actor, seriesKey: KEY, at: new Date(), valueUsd: "1,5", now: new Date() })).rejects.toMatchObject({ issues: [{ path: "valueUsd" }] });
  });

  it("buckets a series for its chart, in dollars", async () => {
    const s = await seedSeries();
    const now = new Date("2026-11-20T12:00:00Z");
    const csv = ["timestamp,value", "2026-11-20T10:00:00Z,30", "2026-11-20T10:05:00Z,50", "2026-11-20T11:00:00Z,20.5"].join("\n");
    await importPriceCsv({ db, actor, seriesKey: KEY, csv, intervalSeconds: 300, now });
    const p = await seriesPoints({ db, seriesId: s.id, range: "24h", now });
    expect(p.points).toEqual([
      { t: new Date("2026-11-20T10:00:00Z").getTime(), valueUsd: 40 },
      { t: new Date("2026-11-20T11:00:00Z").getTime(), valueUsd: 20.5 },
    ]);
  });
});
