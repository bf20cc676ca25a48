import { IngestBatcher, RigTokenCache } from "@rigshift/db";
import { db } from "./db";
import { ingestObserver } from "./metrics";

const globalForIngest = globalThis as unknown as { rigshiftIngest?: { batcher: IngestBatcher; tokens: RigTokenCache } };

/** Process-wide group-commit batcher and token cache for the agent API. */
export function ingest() {
  globalForIngest.rigshiftIngest ??= { batcher: new IngestBatcher(db(), undefined, undefined, ingestObserver), tokens: new RigTokenCache() };
  return globalForIngest.rigshiftIngest;
}
