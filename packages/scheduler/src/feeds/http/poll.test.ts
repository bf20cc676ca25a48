import { readFileSync } from "node:fs";
import { testDatabase, truncateAll } from "@rigshift/db/testing";
import { afterAll, beforeEach, expect, it } from "vitest";
import { pollHttpFeeds } from "./poll";

const db = testDatabase(process.env.DATABASE_URL);
afterAll(() => db.close());
beforeEach(() => truncateAll(db));
const recorded = (f: string) => readFileSync(new URL(`./recorded/${f}`, import.meta.url), "utf8");

it("stores what a healthy feed returns and records the error of a broken one", async () => {
  await db.prisma.priceFeed.create({
    data: { name: "farm node", kind: "HTTP", config: { adapter: "bitcoin-hashprice", rpcUrl: "http://node.local:8332/", priceUrl: "http://price.local/p" } },
  });
  await db.prisma.priceFeed.create({
    data: { name: "broken node", kind: "HTTP", config: { adapter: "bitcoin-hashprice", rpcUrl: "http://down.local:8332/", priceUrl: "http://price.local/p" } },
  });
  const fetch = async (url: string) => {
    if (url.startsWith("http://down.local")) return new Response("", { status: 503 });
    return new Response(url.startsWith("http://node.local") ? recorded("getmininginfo.json") : recorded("simple-price.json"));
  };
  const results = await pollHttpFeeds({ db, fetch, now: new Date("2025-05-10T14:37:00Z") });
  expect(results.map((r) => r.ok)).toEqual([true, false]);
  const hp = await db.pool.query(`SELECT p."valueMicroUsd"::text v FROM "PricePoint" p JOIN "PriceSeries" s ON s.id = p."seriesId" WHERE s.key = 'hashprice:BTC'`);
  expect(Number(hp.rows[0].v) / 1e6).toBeCloseTo(0.055, 3);
  const broken = await db.prisma.priceFeed.findUniqueOrThrow({ where: { name: "broken node" } });
  expect(broken.lastError).toMatch(/answered 503/);
  const healthy = await db.prisma.priceFeed.findUniqueOrThrow({ where: { name: "farm node" } });
  expect(healthy.lastOkAt).not.toBeNull();
});
