import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { FeedError, type TFetch } from "./adapter";
import { bitcoinHashpriceFeed, hashpriceUsdPerThDay, subsidyBtc } from "./bitcoin-hashprice";

const recorded = (f: string) => readFileSync(new URL(`./recorded/${f}`, import.meta.url), "utf8");
const replay =
  (answers: Record<string, { status?: number; body: string }>): TFetch =>
  async (url) => {
    const a = answers[url];
    if (!a) throw new Error(`no recorded answer for ${url}`);
    return new Response(a.body, { status: a.status ?? 200 });
  };
const config = { rpcUrl: "http://node.local:8332/", priceUrl: "http://price.local/simple/price" };
const now = new Date("2025-05-10T14:37:00Z");

describe("bitcoinHashpriceFeed", () => {
  it("computes hashprice from bitcoind's getmininginfo and a spot price, for the current hour", async () => {
    const feed = bitcoinHashpriceFeed(config);
    const series = await feed.fetchPoints({
      fetch: replay({ [config.rpcUrl]: { body: recorded("getmininginfo.json") }, [config.priceUrl]: { body: recorded("simple-price.json") } }),
      now,
      timeoutMs: 1000,
    });
    const hp = series.find((s) => s.key === "hashprice:BTC")!;
    // Height 896,386 is after the fourth halving: 3.125 BTC. 3.125 x 104235 x 86400e12 / (119116256505723.5 x 2^32)
    expect(subsidyBtc(896_386)).toBe(3.125);
    expect(hp.points[0]!.value).toBeCloseTo((3.125 * 104235 * 86400e12) / (119116256505723.5 * 2 ** 32), 10);
    expect(hp.points[0]!.value).toBeCloseTo(0.055, 3);
    expect(hp.points[0]!.atMs).toBe(Date.parse("2025-05-10T14:00:00Z"));
    expect(series.find((s) => s.key === "coin:BTC")!.points[0]!.value).toBe(104235);
  });

  it("matches the shipped series' formula on a known day (2023-01-01: subsidy 6.25)", () => {
    // btc_daily_2023_2024.csv, 2023-01-01: price 16606.75204325, difficulty 35364065900457.12 -> 0.05904137
    expect(hashpriceUsdPerThDay({ subsidyBtc: 6.25, priceUsd: 16606.75204325, difficulty: 35364065900457.12 })).toBeCloseTo(0.05904137, 7);
  });

  const failures: [string, Record<string, { status?: number; body: string }>, RegExp][] = [
    ["the node answering 401", { [config.rpcUrl]: { status: 401, body: "" } }, /answered 401/],
    ["the node answering HTML", { [config.rpcUrl]: { body: "<html>" } }, /not JSON/],
    [
      "an RPC error instead of a result",
      { [config.rpcUrl]: { body: '{"result":null,"error":{"code":-28,"message":"Loading block index"}}' } },
      /getmininginfo answer not understood/,
    ],
    ["a price answer of another shape", { [config.rpcUrl]: { body: recorded("getmininginfo.json") }, [config.priceUrl]: { body: '{"btc":1}' } }, /price answer not understood/],
    ["a zero price", { [config.rpcUrl]: { body: recorded("getmininginfo.json") }, [config.priceUrl]: { body: '{"bitcoin":{"usd":0}}' } }, /price answer not understood/],
  ];
  for (const [what, answers, reason] of failures) {
    it(`fails with a clear FeedError on ${what}, never a NaN`, async () => {
      const error = await bitcoinHashpriceFeed(config)
        .fetchPoints({ fetch: replay(answers), now, timeoutMs: 1000 })
        .catch((e) => e);
      expect(error).toBeInstanceOf(FeedError);
      expect(error.message).toMatch(reason);
    });
  }
});
