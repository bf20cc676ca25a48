import { ClockSkewNoted, IngestBatcher, RigTokenCache } from "@rigshift/db";
import { db } from "./db";
import { ingestObserver } from "./metrics";

const globalForIngest = globalThis as unknown as { rigshiftIngest?: { batcher: IngestBatcher; tokens: RigTokenCache; clockSkewNoted: ClockSkewNoted } };

/** Process-wide group-commit batcher, token cache and clock-skew memo for the agent API. */
export function ingest() {
  globalForIngest.rigshiftIngest ??= { batcher: new IngestBatcher(db(), undefined, undefined, ingestObserver), tokens: new RigTokenCache(), clockSkewNoted: new ClockSkewNoted() };
  return globalForIngest.rigshiftIngest;
}
