/**
 * Bitcoin hashprice from two sources a farm already has: its own bitcoind (JSON-RPC
 * `getmininginfo`: difficulty and height) and a spot price API answering in CoinGecko's
 * `simple/price` shape ({"bitcoin":{"usd":…}}). Hashprice (USD per TH/s per day, subsidy only,
 * fees excluded) = subsidy x price x 86400 x 1e12 / (difficulty x 2^32), as in the shipped
 * btc_daily series. Produces "hashprice:BTC" and "coin:BTC", each with one point for the hour.
 */
import { z } from "zod";
import type { TParsedSeries } from "../csv";
import { FeedError, fetchJson, type PriceFeedAdapter, type TFetch } from "./adapter";

const ZMiningInfo = z.object({ result: z.object({ blocks: z.number().int().positive(), difficulty: z.number().positive() }), error: z.unknown().nullable().optional() });
const ZSimplePrice = z.object({ bitcoin: z.object({ usd: z.number().positive() }) });

/** Block subsidy in BTC at a height: 50 BTC halved every 210,000 blocks. */
export function subsidyBtc(height: number): number {
  return 50 / 2 ** Math.floor(height / 210_000);
}

export function hashpriceUsdPerThDay(args: { subsidyBtc: number; priceUsd: number; difficulty: number }): number {
  return (args.subsidyBtc * args.priceUsd * 86_400 * 1e12) / (args.difficulty * 2 ** 32);
}

export interface TBitcoinHashpriceConfig {
  /** bitcoind JSON-RPC endpoint, e.g. http://127.0.0.1:8332/ (credentials in the URL or `rpcAuth`). */
  rpcUrl: string;
  rpcAuth?: string;
  /** A CoinGecko-compatible simple price URL for bitcoin in USD. */
  priceUrl: string;
}

export function bitcoinHashpriceFeed(config: TBitcoinHashpriceConfig): PriceFeedAdapter {
  const name = "bitcoin-hashprice";
  return {
    name,
    async fetchPoints({ fetch, now, timeoutMs }: { fetch: TFetch; now: Date; timeoutMs: number }) {
      const headers: Record<string, string> = { "content-type": "application/json" };
      if (config.rpcAuth) headers.authorization = `Basic ${Buffer.from(config.rpcAuth).toString("base64")}`;
      const info = ZMiningInfo.safeParse(
        await fetchJson(name, fetch, config.rpcUrl, timeoutMs, {
          method: "POST",
          headers,
          body: JSON.stringify({ jsonrpc: "1.0", id: "rigshift", method: "getmininginfo", params: [] }),
        }),
      );
      if (!info.success) throw new FeedError(name, `getmininginfo answer not understood: ${info.error.issues[0]?.message}`);
      const price = ZSimplePrice.safeParse(await fetchJson(name, fetch, config.priceUrl, timeoutMs));
      if (!price.success) throw new FeedError(name, `price answer not understood: ${price.error.issues[0]?.message}`);
      const hour = Math.floor(now.getTime() / 3600_000) * 3600_000;
      const hp = hashpriceUsdPerThDay({ subsidyBtc: subsidyBtc(info.data.result.blocks), priceUsd: price.data.bitcoin.usd, difficulty: info.data.result.difficulty });
      const series: TParsedSeries[] = [
        { key: "hashprice:BTC", kind: "HASHPRICE", unit: "USD/TH/day", intervalSeconds: 3600, points: [{ atMs: hour, value: hp }] },
        { key: "coin:BTC", kind: "COIN", unit: "USD/coin", intervalSeconds: 3600, points: [{ atMs: hour, value: price.data.bitcoin.usd }] },
      ];
      return series;
    },
  };
}
