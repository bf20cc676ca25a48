/**
 * The telemetry route's work without a web Request: the Next route
 * (app/api/agent/v1/telemetry/route.ts) and the agent gateway's direct path both call it, so
 * both answer alike. `readBatch` reads and validates the body (readJson or readJsonBytes); it is
 * called after the token and the rate limit, so an unknown caller costs no parsing.
 */
import { checkBatch, noteClockSkew } from "@rigshift/db";
import type { TTelemetryAck, TTelemetryBatch } from "@rigshift/protocol";
import { db } from "./db";
import { ingest } from "./ingest";
import { limitRig } from "./rate-limit";

export async function acceptTelemetry({ token, readBatch }: { token: string | undefined; readBatch: () => TTelemetryBatch | Promise<TTelemetryBatch> }): Promise<TTelemetryAck> {
  // Authenticate before reading the body: an unknown caller gets a 401 for nothing.
  const rig = await ingest().tokens.authenticate(db().prisma, token);
  await limitRig(rig.rigId);
  const batch = await readBatch();
  const now = new Date();
  // A rig whose clock is off is flagged (an event on the rig), also when checkBatch refuses it.
  await noteClockSkew({ db: db(), rigId: rig.rigId, sentAt: batch.sentAt, now, noted: ingest().clockSkewNoted });
  checkBatch(batch, now);
  // Stored with other rigs' batches in one transaction; answered after its COMMIT.
  const result = await ingest().batcher.submit(rig.rigId, batch);
  return { ...result, serverTime: now.toISOString() };
}
