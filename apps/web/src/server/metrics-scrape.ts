/**
 * GET /metrics's body: this process's registry (metrics.ts) merged with the farm's gauges,
 * read at scrape time from Postgres (getFleetMetrics: grouped queries over RigState, the
 * newest run, open alerts; never telemetry history) and Redis (queue depths). A dependency
 * that does not answer leaves its gauges out and reads 0 in rigshift_dependency_up: the
 * scrape itself still succeeds, with the process metrics that explain why.
 */
import { getFleetMetrics } from "@rigshift/db";
import { queueDepths } from "@rigshift/scheduler/queue-depths";
import { Registry } from "prom-client";
import { env } from "../env";
import { db } from "./db";
import { processMetrics } from "./metrics";
import { fleetRegistry } from "./metrics-fleet";
import { thresholds } from "./thresholds";

function warn(what: string, error: unknown) {
  console.error(JSON.stringify({ level: "warn", msg: `/metrics: ${what} did not answer`, error: String((error as Error)?.message ?? error).slice(0, 300) }));
  return null;
}

export async function scrapeMetrics(): Promise<{ contentType: string; body: string }> {
  const [fleet, queues] = await Promise.all([
    getFleetMetrics({ db: db(), now: new Date(), thresholds: thresholds() }).catch((e) => warn("Postgres", e)),
    queueDepths({ redisUrl: env().REDIS_URL, prefix: env().QUEUE_PREFIX }).catch((e) => warn("Redis", e)),
  ]);
  const registry = Registry.merge([processMetrics().registry, fleetRegistry({ fleet, queues })]);
  return { contentType: registry.contentType, body: await registry.metrics() };
}
