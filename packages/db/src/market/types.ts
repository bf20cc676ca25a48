/** Market shapes (types only: safe for client components). Prices in dollars (number), in the series' unit. */
export interface TPriceSeries {
  id: number;
  key: string;
  kind: "ELECTRICITY" | "HASHPRICE" | "COIN" | "GPU_RENTAL";
  unit: string;
  zone: string | null;
  feed: { id: number; name: string; kind: "MANUAL" | "CSV" | "HTTP" };
  latest: { at: string; valueUsd: number; intervalSeconds: number } | null;
}

export interface TPriceFeed {
  id: number;
  name: string;
  kind: "MANUAL" | "CSV" | "HTTP";
  lastOkAt: string | null;
  lastError: string | null;
  /** ok: last fetch succeeded; failing: the last attempt failed; never: no success yet. */
  health: "ok" | "failing" | "never";
  seriesCount: number;
}
