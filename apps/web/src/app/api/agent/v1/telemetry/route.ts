// POST /api/agent/v1/telemetry: a batch of samples and events from one rig; answers with its desired state.
import { checkBatch } from "@rigshift/db";
import { type TTelemetryAck, ZTelemetryBatch } from "@rigshift/protocol";
import { db } from "@/server/db";
import { bearerToken, json, readJson, route } from "@/server/http";
import { ingest } from "@/server/ingest";

export const POST = route(async (req) => {
  // Authenticate before reading the body: an unknown caller gets a 401 for nothing.
  const rig = await ingest().tokens.authenticate(db().prisma, bearerToken(req));
  const batch = await readJson(req, ZTelemetryBatch);
  const now = new Date();
  checkBatch(batch, now);
  // Stored with other rigs' batches in one transaction; answered after its COMMIT.
  const result = await ingest().batcher.submit(rig.rigId, batch);
  const ack: TTelemetryAck = { ...result, serverTime: now.toISOString() };
  return json(ack);
});
