/**
 * Polls the HTTP price feeds configured in PriceFeed (kind HTTP, config { adapter, ... }) and
 * stores their points; a failing feed records lastError (the dashboard shows feed health) and
 * does not stop the others.
 */
import type { Database } from "@rigshift/db";
import { z } from "zod";
import { storePriceSeries } from "../store";
import type { PriceFeedAdapter, TFetch } from "./adapter";
import { bitcoinHashpriceFeed } from "./bitcoin-hashprice";

const ZFeedConfig = z.discriminatedUnion("adapter", [z.object({ adapter: z.literal("bitcoin-hashprice"), rpcUrl: z.url(), rpcAuth: z.string().optional(), priceUrl: z.url() })]);

export function adapterFor(config: unknown): PriceFeedAdapter {
  const c = ZFeedConfig.parse(config);
  return bitcoinHashpriceFeed(c);
}

export async function pollHttpFeeds({ db, fetch, now, timeoutMs = 10_000 }: { db: Database; fetch: TFetch; now: Date; timeoutMs?: number }) {
  const feeds = await db.prisma.priceFeed.findMany({ where: { kind: "HTTP" } });
  const results: { feed: string; ok: boolean; points?: number; error?: string }[] = [];
  for (const feed of feeds) {
    try {
      const series = await adapterFor(feed.config).fetchPoints({ fetch, now, timeoutMs });
      const stored = await storePriceSeries({ db, feedName: feed.name, feedKind: "HTTP", series });
      results.push({ feed: feed.name, ok: true, points: stored.points });
    } catch (e) {
      const message = (e as Error).message.slice(0, 500);
      await db.prisma.priceFeed.update({ where: { id: feed.id }, data: { lastError: message } });
      results.push({ feed: feed.name, ok: false, error: message });
    }
  }
  return results;
}
