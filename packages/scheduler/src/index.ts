// Browser- and web-safe surface: queue names and payloads. The worker, epoch and feeds have their own entry points.
export * from "./queues/catalog";
