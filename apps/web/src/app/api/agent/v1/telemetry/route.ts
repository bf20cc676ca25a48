// POST /api/agent/v1/telemetry: a batch of samples and events from one rig; answers with its desired state.
import { ZTelemetryBatch } from "@rigshift/protocol";
import { bearerToken, json, readJson, route } from "@/server/http";
import { acceptTelemetry } from "@/server/telemetry";

export const POST = route(async (req) => json(await acceptTelemetry({ token: bearerToken(req), readBatch: () => readJson(req, ZTelemetryBatch) })));
