/**
 * The OpenAPI document against the routes themselves: every route file's exported methods are
 * documented and nothing else is; each documented body and query string is the JSON Schema of
 * the very zod object the route validates with; the auth each route checks is the one
 * documented; and the document is well-formed OpenAPI 3.1 whose every $ref resolves.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { openApiDocument, REQUEST_SCHEMA_OPTIONS } from "./document";
import { OPERATIONS } from "./operations";
import type { TAuth } from "./types";

const SRC = path.resolve(import.meta.dirname, "..");
const APP = path.join(SRC, "app");
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

interface TRouteHandler {
  file: string;
  method: string;
  path: string;
  /** The handler's source, from its export to the next one. */
  source: string;
  imports: Map<string, string>;
}

/** app/api/v1/rigs/[id]/route.ts -> /api/v1/rigs/{id}; route groups "(x)" are not in the URL. */
function urlOf(file: string): string {
  const segments = path.relative(APP, path.dirname(file)).split(path.sep);
  return `/${segments
    .filter((s) => !/^\(.*\)$/.test(s))
    .map((s) => {
      if (s.startsWith("[...") || s.startsWith("[[")) throw new Error(`${file}: catch-all segments are not described by this test yet`);
      return s.replace(/^\[(\w+)\]$/, "{$1}");
    })
    .join("/")}`;
}

function importsOf(source: string): Map<string, string> {
  const imports = new Map<string, string>();
  for (const [, names, from] of source.matchAll(/import\s+(?:type\s+)?\{([^}]*)\}\s+from\s+"([^"]+)"/g)) {
    for (const name of names!.split(",")) {
      const local = name
        .replace(/^\s*type\s+/, "")
        .split(/\s+as\s+/)
        .at(-1)!
        .trim();
      if (local) imports.set(local, from!);
    }
  }
  return imports;
}

function routeHandlers(): TRouteHandler[] {
  const files = (readdirSync(path.join(APP, "api"), { recursive: true }) as string[]).filter((f) => path.basename(f) === "route.ts").map((f) => path.join(APP, "api", f));
  return files.flatMap((file) => {
    const source = readFileSync(file, "utf8");
    const exports = [...source.matchAll(/export\s+(?:const|(?:async\s+)?function)\s+(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)\b/g)];
    const reexported = /export\s*\{[^}]*\b(GET|POST|PUT|PATCH|DELETE)\b[^}]*\}/.exec(source);
    if (reexported) throw new Error(`${file}: re-exported handlers are not read by this test; export them as \`export const ${reexported[1]} = route(...)\``);
    return exports.map((m, i) => ({
      file: path.relative(SRC, file),
      method: m[1]!,
      path: urlOf(file),
      source: source.slice(m.index, exports[i + 1]?.index ?? source.length),
      imports: importsOf(source),
    }));
  });
}

/** The schema object a handler passes to readJson / readQuery, imported the way the route imports it. */
async function schemaUsed(handler: TRouteHandler, reader: "readJson" | "readQuery"): Promise<z.ZodType | undefined> {
  const call = new RegExp(`\\b${reader}\\(\\s*\\w+\\s*,\\s*([A-Za-z_$][\\w$]*)\\s*\\)`).exec(handler.source);
  if (!call) return undefined;
  const name = call[1]!;
  const from = handler.imports.get(name);
  if (!from)
    throw new Error(`${handler.file}: ${reader}(…, ${name}) uses a schema defined in the route; export it from src/schemas (or packages/protocol) so the API document can name it`);
  let specifier = from;
  if (from.startsWith("@/") || from.startsWith(".")) {
    const base = from.startsWith("@/") ? path.join(SRC, from.slice(2)) : path.resolve(SRC, path.dirname(handler.file), from);
    specifier = [`${base}.ts`, path.join(base, "index.ts")].find((f) => existsSync(f)) ?? base;
  }
  const module = (await import(specifier)) as Record<string, unknown>;
  const schema = module[name];
  if (!(schema instanceof z.ZodType)) throw new Error(`${handler.file}: ${name} from ${from} is not a zod schema`);
  return schema;
}

function authOf(handler: TRouteHandler): TAuth {
  const found: TAuth[] = [];
  if (/\brequire(User|Writer)\(/.test(handler.source)) found.push("session");
  if (/\bauthenticateRig\(|\btokens\.authenticate\(/.test(handler.source)) found.push("rigToken");
  if (/\bauthenticateApiKey\(/.test(handler.source)) found.push("apiKey");
  if (found.length > 1) throw new Error(`${handler.file} ${handler.method}: more than one kind of auth (${found.join(", ")})`);
  return found[0] ?? "none";
}

const requestSchema = (schema: z.ZodType) => {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, REQUEST_SCHEMA_OPTIONS);
  return rest;
};

type TDocOperation = { requestBody?: { content: Record<string, { schema: unknown }> }; parameters?: { name: string; in: string; required: boolean; schema: unknown }[] };
const doc = openApiDocument();
const documented = (method: string, url: string) => (doc.paths as Record<string, Record<string, TDocOperation>>)[url]?.[method.toLowerCase()];
const handlers = routeHandlers();
const key = (method: string, url: string) => `${method} ${url}`;

describe("the OpenAPI document and the routes", () => {
  it("document every route's methods, and nothing that is not a route", () => {
    const routes = new Set(handlers.map((h) => key(h.method, h.path)));
    const inDocument = new Set(Object.entries(doc.paths).flatMap(([url, ops]) => Object.keys(ops).map((m) => key(m.toUpperCase(), url))));
    expect([...routes].filter((k) => !inDocument.has(k)).sort(), "routes missing from apps/web/src/openapi/operations.ts").toEqual([]);
    expect([...inDocument].filter((k) => !routes.has(k)).sort(), "documented operations with no route").toEqual([]);
    expect(handlers.every((h) => (METHODS as readonly string[]).includes(h.method))).toBe(true);
  });

  it.each(handlers.map((h) => [key(h.method, h.path), h] as const))("%s: body, query and auth are the route's own", async (_key, handler) => {
    const op = OPERATIONS.find((o) => o.method === handler.method && o.path === handler.path);
    const described = documented(handler.method, handler.path);
    if (!op || !described) return; // reported by the test above

    const body = await schemaUsed(handler, "readJson");
    expect(op.body, "the registry's body schema is the object the route validates with").toBe(body);
    expect(described.requestBody?.content["application/json"]?.schema).toEqual(body ? requestSchema(body) : undefined);

    const query = await schemaUsed(handler, "readQuery");
    expect(op.query, "the registry's query schema is the object the route validates with").toBe(query);
    const expected = query ? (requestSchema(query) as { properties?: Record<string, unknown>; required?: string[] }) : { properties: {} };
    const params = (described.parameters ?? []).filter((p) => p.in === "query");
    expect(Object.fromEntries(params.map((p) => [p.name, p.schema]))).toEqual(expected.properties ?? {});
    expect(params.filter((p) => p.required).map((p) => p.name)).toEqual(expected.required ?? []);

    expect(op.auth, `${handler.file} checks ${authOf(handler)}`).toBe(authOf(handler));
  });
});

describe("the OpenAPI document", () => {
  it("is OpenAPI 3.1 with unique operation ids, declared path parameters and a success answer per operation", () => {
    expect(doc.openapi).toMatch(/^3\.1\.\d+$/);
    expect(doc.info.title).toBeTruthy();
    expect(doc.info.version).toBeTruthy();
    const ids = new Set<string>();
    for (const [url, ops] of Object.entries(doc.paths) as [string, Record<string, TDocOperation & { operationId: string; responses: Record<string, unknown> }>][]) {
      expect(url.startsWith("/")).toBe(true);
      const templated = [...url.matchAll(/\{(\w+)\}/g)].map(([, n]) => n).sort();
      for (const [method, op] of Object.entries(ops)) {
        expect((METHODS as readonly string[]).map((m) => m.toLowerCase())).toContain(method);
        expect(ids.has(op.operationId), `operationId ${op.operationId} is used twice`).toBe(false);
        ids.add(op.operationId);
        const pathParams = (op.parameters ?? []).filter((p) => p.in === "path");
        expect(pathParams.map((p) => p.name).sort()).toEqual(templated);
        expect(pathParams.every((p) => p.required)).toBe(true);
        expect(
          Object.keys(op.responses).some((s) => /^2\d\d$/.test(s)),
          `${method} ${url} has no success answer`,
        ).toBe(true);
      }
    }
  });

  it("resolves every $ref", () => {
    const refs: string[] = [];
    const walk = (node: unknown) => {
      if (Array.isArray(node)) node.forEach(walk);
      else if (node && typeof node === "object") {
        for (const [k, v] of Object.entries(node)) {
          if (k === "$ref" && typeof v === "string") refs.push(v);
          else walk(v);
        }
      }
    };
    walk(doc);
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of refs) {
      expect(ref.startsWith("#/"), `${ref} is not local`).toBe(true);
      const target = ref
        .slice(2)
        .split("/")
        .map((p) => p.replaceAll("~1", "/").replaceAll("~0", "~"))
        .reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], doc);
      expect(target, `${ref} resolves`).toBeDefined();
    }
  });

  it("describes every error with the one shared shape", () => {
    const error = doc.components.schemas.Error as { properties: { error: { properties: Record<string, unknown>; required: string[] } } };
    expect(Object.keys(error.properties.error.properties).sort()).toEqual(["code", "issues", "message"]);
    expect(error.properties.error.required.sort()).toEqual(["code", "message"]);
  });
});
