// POST /api/agent/v1/telemetry: a batch of samples and events from one rig; answers with its desired state.
import { ZTelemetryBatch } from "@rigshift/protocol";
import { db } from "@/server/db";
import { bearerToken, json, readJson, route } from "@/server/http";
import { ingest } from "@/server/ingest";
import { acceptTelemetry } from "@/server/telemetry";

export const POST = route(async (req) => {
  // Authenticate before reading the body: an unknown caller gets a 401 for nothing.
  const rig = await ingest().tokens.authenticate(db().pool, bearerToken(req));
  return json(await acceptTelemetry({ rigId: rig.rigId, readBatch: () => readJson(req, ZTelemetryBatch) }));
});
