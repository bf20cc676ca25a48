// GET /api/v1/openapi.json: the OpenAPI 3.1 description of this API, built from the zod schemas that validate requests.
// Public on purpose: it describes the API, it holds no data and no secrets.
import { openApiDocument } from "@/openapi/document";
import { json, route } from "@/server/http";

export const dynamic = "force-dynamic";

export const GET = route(async () => json(openApiDocument(), 200, { "cache-control": "public, max-age=300" }));
