/**
 * HTTP price feeds. An adapter turns a source's responses into price points; the worker polls
 * each configured feed (PriceFeed.kind = HTTP) and stores what it returns. Adapters take `fetch`
 * as an argument, so tests replay recorded responses and never touch the network.
 */
import type { TParsedSeries } from "../csv";

export type TFetch = (url: string, init?: RequestInit) => Promise<Response>;

export interface PriceFeedAdapter {
  /** Stable name, stored in PriceFeed.config.adapter. */
  readonly name: string;
  fetchPoints(args: { fetch: TFetch; now: Date; timeoutMs: number }): Promise<TParsedSeries[]>;
}

export class FeedError extends Error {
  constructor(
    readonly feed: string,
    message: string,
  ) {
    super(`${feed}: ${message}`);
  }
}

/** GET (or POST) JSON with a deadline; a non-2xx answer or a body that is not JSON is a FeedError. */
export async function fetchJson(feed: string, fetch: TFetch, url: string, timeoutMs: number, init: RequestInit = {}): Promise<unknown> {
  let res: Response;
  try {
    res = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
  } catch (e) {
    throw new FeedError(feed, `${url} unreachable: ${(e as Error).message}`);
  }
  const text = await res.text();
  if (!res.ok) throw new FeedError(feed, `${url} answered ${res.status}: ${text.slice(0, 200)}`);
  try {
    return JSON.parse(text);
  } catch {
    throw new FeedError(feed, `${url} answered something that is not JSON: ${text.slice(0, 100)}`);
  }
}
