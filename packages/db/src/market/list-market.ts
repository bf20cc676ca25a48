import type { Database } from "../client";
import { microToUsd } from "../money/usd";
import type { TPriceFeed, TPriceSeries } from "./types";

/** Every price series with its latest point, and every feed with its health. */
export async function listMarket({ db }: { db: Database }): Promise<{ series: TPriceSeries[]; feeds: TPriceFeed[] }> {
  const [series, feeds] = await Promise.all([
    db.prisma.priceSeries.findMany({
      orderBy: { key: "asc" },
      select: {
        id: true,
        key: true,
        kind: true,
        unit: true,
        zone: true,
        feed: { select: { id: true, name: true, kind: true } },
        points: { orderBy: { at: "desc" }, take: 1, select: { at: true, valueMicroUsd: true, intervalSeconds: true } },
      },
    }),
    db.prisma.priceFeed.findMany({ orderBy: { name: "asc" }, include: { _count: { select: { series: true } } } }),
  ]);
  return {
    series: series.map(({ points, ...s }) => {
      const p = points[0];
      return { ...s, latest: p ? { at: p.at.toISOString(), valueUsd: microToUsd(p.valueMicroUsd), intervalSeconds: p.intervalSeconds } : null };
    }),
    feeds: feeds.map((f) => ({
      id: f.id,
      name: f.name,
      kind: f.kind,
      lastOkAt: f.lastOkAt?.toISOString() ?? null,
      lastError: f.lastError,
      health: f.lastError ? "failing" : f.lastOkAt ? "ok" : "never",
      seriesCount: f._count.series,
    })),
  };
}
