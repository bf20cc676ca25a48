// POST /api/agent/v1/telemetry: a batch of samples and events from one rig; answers with its desired state.
import { authenticateRig, ingestTelemetry } from "@rigshift/db";
import { type TTelemetryAck, ZTelemetryBatch } from "@rigshift/protocol";
import { db } from "@/server/db";
import { bearerToken, json, readJson, route } from "@/server/http";

export const POST = route(async (req) => {
  // Authenticate before reading the body: an unknown caller gets a 401 for nothing.
  const rig = await authenticateRig({ db: db().prisma, token: bearerToken(req) });
  const batch = await readJson(req, ZTelemetryBatch);
  const now = new Date();
  const result = await ingestTelemetry({ db: db(), rigId: rig.rigId, batch, now });
  const ack: TTelemetryAck = { ...result, serverTime: now.toISOString() };
  return json(ack);
});
