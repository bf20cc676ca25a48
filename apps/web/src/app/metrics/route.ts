// GET /metrics: Prometheus text exposition of the farm, the scheduler, ingest, the job queues and this process.
// Authorization: Bearer METRICS_TOKEN (see server/metrics-access.ts and docs/operator-guide.md).
import { env } from "@/env";
import { bearerToken, route } from "@/server/http";
import { assertMetricsAccess } from "@/server/metrics-access";
import { scrapeMetrics } from "@/server/metrics-scrape";

export const dynamic = "force-dynamic";

export const GET = route(async (req) => {
  const e = env();
  assertMetricsAccess({ token: e.METRICS_TOKEN, production: e.NODE_ENV === "production", presented: bearerToken(req) });
  const { contentType, body } = await scrapeMetrics();
  return new Response(body, { headers: { "content-type": contentType, "cache-control": "no-store" } });
});
