// POST /api/agent/v1/telemetry: a batch of samples and events from one rig; answers with its desired state.
import { checkBatch, noteClockSkew } from "@rigshift/db";
import { type TTelemetryAck, ZTelemetryBatch } from "@rigshift/protocol";
import { db } from "@/server/db";
import { bearerToken, json, readJson, route } from "@/server/http";
import { ingest } from "@/server/ingest";
import { limitRig } from "@/server/rate-limit";

export const POST = route(async (req) => {
  // Authenticate before reading the body: an unknown caller gets a 401 for nothing.
  const rig = await ingest().tokens.authenticate(db().prisma, bearerToken(req));
  await limitRig(rig.rigId);
  const batch = await readJson(req, ZTelemetryBatch);
  const now = new Date();
  // A rig whose clock is off is flagged (an event on the rig), also when checkBatch refuses it.
  await noteClockSkew({ db: db(), rigId: rig.rigId, sentAt: batch.sentAt, now });
  checkBatch(batch, now);
  // Stored with other rigs' batches in one transaction; answered after its COMMIT.
  const result = await ingest().batcher.submit(rig.rigId, batch);
  const ack: TTelemetryAck = { ...result, serverTime: now.toISOString() };
  return json(ack);
});
