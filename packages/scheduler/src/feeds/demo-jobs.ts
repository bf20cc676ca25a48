/**
 * AI/HPC jobs for the demo farm, priced at real marketplace quotes: for each GPU model the farm
 * has, the cheapest advertised price per GPU-hour in the shipped snapshot
 * (gpu_rental_cheapest_snapshot_2026-08-01.csv). Sizes and durations follow a seeded PRNG.
 * Seeds only when there are no jobs yet.
 */
import { readFileSync } from "node:fs";
import type { Database } from "@rigshift/db";
import { parseCsvRecords } from "@rigshift/hardware";
import { gpuModelKey } from "@rigshift/protocol";

const SNAPSHOT = new URL("../../data/gpu_rental_cheapest_snapshot_2026-08-01.csv", import.meta.url);

/** The demo's GPU models and the snapshot's names for them. */
const QUOTE_NAMES: Record<string, { quote: string; vramGb: number }> = {
  "RTX 3090": { quote: "RTX 3090 24GB", vramGb: 24 },
  "RTX 4090": { quote: "RTX 4090 24GB", vramGb: 24 },
  "RTX A5000": { quote: "RTX A5000 24GB", vramGb: 24 },
  "A100 SXM4 80 GB": { quote: "A100 80GB SXM", vramGb: 80 },
};

export function cheapestQuotes(): Map<string, number> {
  const [header, ...rows] = parseCsvRecords(readFileSync(SNAPSHOT, "utf8"));
  const gpu = header!.indexOf("gpu");
  const price = header!.indexOf("cheapest_usd_per_gpu_hour");
  const best = new Map<string, number>();
  for (const r of rows) {
    const p = Number(r[price]);
    const name = r[gpu]!;
    if (Number.isFinite(p) && p > 0 && p < (best.get(name) ?? Number.POSITIVE_INFINITY)) best.set(name, p);
  }
  return best;
}

export async function seedDemoJobs({ db, models, now, count = 40 }: { db: Database; models: string[]; now: Date; count?: number }) {
  if ((await db.prisma.aiJob.count()) > 0) return { created: 0 };
  const quotes = cheapestQuotes();
  const offers = models
    .map((m) => ({ model: m, info: Object.entries(QUOTE_NAMES).find(([k]) => gpuModelKey(k) === gpuModelKey(m))?.[1] }))
    .filter((o): o is { model: string; info: { quote: string; vramGb: number } } => !!o.info && quotes.has(o.info.quote));
  if (!offers.length) return { created: 0 };
  let seed = 42;
  const rand = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  const sizes = [1, 1, 2, 2, 4, 8];
  const data = Array.from({ length: count }, (_, i) => {
    const o = offers[i % offers.length]!;
    const usd = quotes.get(o.info.quote)!;
    const gpuCount = sizes[Math.floor(rand() * sizes.length)]!;
    return {
      name: `${["finetune", "inference", "render", "batch-embed"][i % 4]}-${String(i + 1).padStart(3, "0")}`,
      customer: "demo customer (priced at real marketplace quotes, 2026-08-01)",
      gpuCount,
      minVramGbPerGpu: Math.min(o.info.vramGb, [16, 20, 24, 40][Math.floor(rand() * 4)]!),
      gpuModels: [o.model],
      priceMicroUsdPerGpuHour: BigInt(Math.round(usd * 1e6)),
      durationSeconds: 3600 * (1 + Math.floor(rand() * 12)),
      priority: Math.floor(rand() * 3),
      preemptible: rand() > 0.25,
      runtimeProfile: "pytorch",
      submittedAt: new Date(now.getTime() - Math.floor(rand() * 3600_000)),
    };
  });
  await db.prisma.aiJob.createMany({ data });
  return { created: data.length };
}
