/**
 * The OpenAPI 3.1 document of the HTTP API, built from the operation registry and the zod
 * schemas the routes validate with (z.toJSONSchema, JSON Schema 2020-12, which OpenAPI 3.1
 * uses as its schema dialect). Request schemas are described as clients send them (io: input:
 * defaults are optional, transforms are what they accept); answers as the server writes them.
 */
import { ZApiError } from "@rigshift/protocol";
import { z } from "zod";
import { OPERATIONS } from "./operations";
import type { TAuth, TOperation } from "./types";

/** How request schemas become JSON Schema; openapi.test.ts converts the routes' schemas the same way. */
export const REQUEST_SCHEMA_OPTIONS = { target: "draft-2020-12", io: "input" } as const;

type TJsonSchema = Record<string, unknown>;

function jsonSchema(schema: z.ZodType, io: "input" | "output"): TJsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, io === "input" ? REQUEST_SCHEMA_OPTIONS : { target: "draft-2020-12", io, unrepresentable: "any" });
  return rest;
}

/** Every error answer, one shared shape: `{ error: { code, message, issues? } }`. */
const ERRORS: Record<number, [name: string, description: string]> = {
  400: ["BadRequest", "The body is not valid JSON."],
  401: ["Unauthorized", "No valid credentials: sign in, or send the bearer token."],
  403: ["Forbidden", "The role may not do this, or a cookie-authenticated write came from another site (Origin check)."],
  404: ["NotFound", "No such resource; ids that are not positive integers are not found either."],
  409: ["Conflict", "The resource is not in a state that allows this."],
  413: ["PayloadTooLarge", "The body is larger than the server accepts (MAX_BODY_BYTES)."],
  415: ["UnsupportedMediaType", "The body is not uncompressed UTF-8 application/json."],
  422: ["Invalid", "The body or query string failed validation; `issues` names the fields."],
  500: ["Internal", "An unexpected error; it has been logged, and the message says nothing more."],
  503: ["Unavailable", "The database or the job queue is unreachable; retry after Retry-After seconds."],
};

const SECURITY: Record<Exclude<TAuth, "none">, TJsonSchema> = {
  session: {
    type: "apiKey",
    in: "cookie",
    name: "rigshift_session",
    description: "The dashboard session, set by POST /api/auth/sign-in. Writes (POST, PUT, PATCH, DELETE) also need an Origin header of this site.",
  },
  rigToken: { type: "http", scheme: "bearer", description: "A rig's agent token (rsa_…), from POST /api/agent/v1/enroll." },
  apiKey: { type: "http", scheme: "bearer", description: "A customer API key (rsk_…), issued by an administrator under Settings." },
};

const ref = (status: number) => ({ $ref: `#/components/responses/${ERRORS[status]![0]}` });

function errorStatuses(op: TOperation): number[] {
  const statuses = [500, 503, ...(op.errors ?? [])];
  if (op.auth === "session") statuses.push(401, 403);
  if (op.auth === "rigToken" || op.auth === "apiKey") statuses.push(401);
  if (op.body) statuses.push(400, 413, 415, 422);
  if (op.query) statuses.push(422);
  if (op.path.includes("{")) statuses.push(404);
  return [...new Set(statuses)].sort((a, b) => a - b);
}

function parameters(op: TOperation) {
  const path = [...op.path.matchAll(/\{(\w+)\}/g)].map(([, name]) => ({
    name,
    in: "path",
    required: true,
    schema: { type: "integer", minimum: 1, maximum: 2_147_483_647 },
  }));
  if (!op.query) return path;
  const query = jsonSchema(op.query, "input") as { properties?: Record<string, TJsonSchema>; required?: string[] };
  const fromQuery = Object.entries(query.properties ?? {}).map(([name, schema]) => ({ name, in: "query", required: query.required?.includes(name) ?? false, schema }));
  return [...path, ...fromQuery];
}

function operation(op: TOperation) {
  const okContent = op.ok.schema ? jsonSchema(op.ok.schema, "output") : { type: "object" };
  const responses: Record<string, unknown> = {
    [op.ok.status]: { description: op.ok.description, content: { [op.ok.contentType ?? "application/json"]: { schema: okContent } } },
  };
  for (const status of errorStatuses(op)) responses[status] = ref(status);
  const params = parameters(op);
  return {
    operationId: op.operationId,
    summary: op.summary,
    tags: [tagOf(op.path)],
    security: op.auth === "none" ? [] : [{ [op.auth]: [] }],
    ...(params.length ? { parameters: params } : {}),
    ...(op.body ? { requestBody: { required: true, content: { "application/json": { schema: jsonSchema(op.body, "input") } } } } : {}),
    responses,
  };
}

/** "/api/v1/rigs/{id}" -> "rigs"; "/api/agent/v1/..." -> "agent"; "/api/public/v1/..." -> "public". */
function tagOf(path: string): string {
  const [, , first, second] = path.split("/");
  return first === "v1" ? (second ?? "api") : first!;
}

function build() {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of OPERATIONS) {
    paths[op.path] ??= {};
    paths[op.path]![op.method.toLowerCase()] = operation(op);
  }
  const responses = Object.fromEntries(
    Object.values(ERRORS).map(([name, description]) => [name, { description, content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } }]),
  );
  return {
    openapi: "3.1.1",
    jsonSchemaDialect: "https://json-schema.org/draft/2020-12/schema",
    info: {
      title: "Rigshift API",
      version: "1.0.0",
      description:
        "The control plane's HTTP API: the agent API for rigs (/api/agent/v1), the public job API for customers (/api/public/v1) and the dashboard's API (/api/v1). Every error answers `{ error: { code, message, issues? } }`.",
    },
    paths,
    components: { schemas: { Error: jsonSchema(ZApiError, "output") }, responses, securitySchemes: SECURITY },
  };
}

let cached: ReturnType<typeof build> | undefined;

export function openApiDocument() {
  cached ??= build();
  return cached;
}
