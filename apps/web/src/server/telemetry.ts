/**
 * The telemetry route's work once the rig is authenticated, without a web Request: the Next
 * route (app/api/agent/v1/telemetry/route.ts) and the agent gateway's direct path both call it,
 * so both answer alike. `readBatch` reads and validates the body (readJson or readJsonBytes);
 * it is called after the rate limit, so a rig over its limit costs no parsing.
 */
import { checkBatch, noteClockSkew } from "@rigshift/db";
import type { TTelemetryAck, TTelemetryBatch } from "@rigshift/protocol";
import { db } from "./db";
import { ingest } from "./ingest";
import { limitRig } from "./rate-limit";

export async function acceptTelemetry({ rigId, readBatch }: { rigId: number; readBatch: () => TTelemetryBatch | Promise<TTelemetryBatch> }): Promise<TTelemetryAck> {
  await limitRig(rigId);
  const batch = await readBatch();
  const now = new Date();
  // A rig whose clock is off is flagged (an event on the rig), also when checkBatch refuses it.
  await noteClockSkew({ db: db(), rigId, sentAt: batch.sentAt, now, noted: ingest().clockSkewNoted });
  checkBatch(batch, now);
  // Stored with other rigs' batches in one transaction; answered after its COMMIT.
  const result = await ingest().batcher.submit(rigId, batch);
  return { ...result, serverTime: now.toISOString() };
}
