/**
 * The agent gateway: a plain node:http server that serves only the agent API
 * (/api/agent/v1/*), with the very route handlers the Next app mounts (telemetry, most of the
 * traffic, with the function its handler calls: see handleTelemetry). Agents report every few
 * seconds from tens of thousands of rigs; Next's per-request machinery (routing, middleware
 * layers, streaming adapters) costs several milliseconds of CPU a request, which is most of the
 * ingest path's budget. Behind a load balancer, /api/agent/ goes to gateways and everything
 * else to the dashboard; both can run as many copies as wanted (they share nothing in memory
 * but the short token cache and the group-commit batcher of their own process).
 */
import http from "node:http";
import { ZTelemetryBatch } from "@rigshift/protocol";
import { NextRequest } from "next/server";
import * as desiredState from "../app/api/agent/v1/desired-state/route";
import * as enroll from "../app/api/agent/v1/enroll/route";
import * as telemetry from "../app/api/agent/v1/telemetry/route";
import { env } from "../env";
import { db } from "../server/db";
import { bearerToken, bearerTokenOf, errorResponse, jsonBody, readJsonBytes, route } from "../server/http";
import { ingest } from "../server/ingest";
import { processMetrics } from "../server/metrics";
import { assertMetricsAccess } from "../server/metrics-access";
import { acceptTelemetry } from "../server/telemetry";

type THandler = (req: NextRequest, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
type TRouteModule = Partial<Record<"GET" | "POST", THandler>>;

/**
 * This process's own series (ingest counters and commit latency, Node process metrics); the
 * farm's gauges are the web app's /metrics. Same token rule as the web app's.
 */
const metrics: TRouteModule = {
  GET: route(async (req) => {
    const e = env();
    assertMetricsAccess({ token: e.METRICS_TOKEN, production: e.NODE_ENV === "production", presented: bearerToken(req) });
    const { registry } = processMetrics();
    return new Response(await registry.metrics(), { headers: { "content-type": registry.contentType, "cache-control": "no-store" } });
  }),
};

const ROUTES: Record<string, TRouteModule> = {
  "/metrics": metrics,
  "/api/agent/v1/telemetry": telemetry,
  "/api/agent/v1/enroll": enroll,
  "/api/agent/v1/desired-state": desiredState,
};

const NO_PARAMS = { params: Promise.resolve({}) };

/** Reads at most `limit + 1` bytes: enough for the handler's own size check to answer 413. */
function readBody(req: http.IncomingMessage, limit: number): Promise<{ body: Buffer; truncated: boolean }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      chunks.push(chunk);
      if (size > limit) {
        req.off("data", onData);
        req.pause();
        resolve({ body: Buffer.concat(chunks).subarray(0, limit + 1), truncated: true });
      }
    };
    req.on("data", onData);
    req.once("end", () => resolve({ body: Buffer.concat(chunks), truncated: false }));
    req.once("error", reject);
  });
}

function send(res: http.ServerResponse, response: Response, body: Buffer, close: boolean) {
  const headers: Record<string, string> = {};
  response.headers.forEach((value, key) => {
    headers[key] = value;
  });
  headers["content-length"] = String(body.length);
  if (close) headers.connection = "close";
  res.writeHead(response.status, headers);
  res.end(body);
}

const TELEMETRY_PATH = "/api/agent/v1/telemetry";
const JSON_HEADERS = { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" };

/** node's request headers as readJson sees them: as a web `Headers` built from them would answer. */
const headersOf = (req: http.IncomingMessage) => ({
  get(name: string): string | null {
    const value = req.headers[name];
    return value === undefined ? null : Array.isArray(value) ? value.join(", ") : value;
  },
});

/**
 * POST /api/agent/v1/telemetry, most of this process's traffic, without the web Request and
 * Response objects the route handler takes: building them (headers, URL, abort signal, body
 * stream) and reading the answer back cost about as much CPU as the rest of a report. It calls
 * what the route handler calls (the token cache, acceptTelemetry, readJsonBytes, errorResponse), so both answer
 * alike (agent-api.test.ts holds them to it). The route's other wrapper, the per-request limit,
 * exempts the agent API.
 */
async function handleTelemetry(req: http.IncomingMessage, res: http.ServerResponse) {
  const read = await readBody(req, env().MAX_BODY_BYTES);
  let status = 200;
  let headers: Record<string, string> = JSON_HEADERS;
  let body: Buffer;
  try {
    const headerLookup = headersOf(req);
    const rig = await ingest().tokens.authenticate(db().pool, bearerTokenOf(headerLookup));
    const ack = await acceptTelemetry({ rigId: rig.rigId, readBatch: () => readJsonBytes(headerLookup, read.body, ZTelemetryBatch) });
    body = Buffer.from(jsonBody(ack));
  } catch (error) {
    const response = errorResponse(error);
    status = response.status;
    headers = Object.fromEntries(response.headers);
    body = Buffer.from(await response.arrayBuffer());
  }
  res.writeHead(status, { ...headers, "content-length": String(body.length), ...(read.truncated ? { connection: "close" } : {}) });
  res.end(body);
}

async function handle(req: http.IncomingMessage, res: http.ServerResponse) {
  if (req.url === TELEMETRY_PATH && req.method === "POST") return handleTelemetry(req, res);
  const url = new URL(req.url ?? "/", "http://gateway.local");
  const module = ROUTES[url.pathname];
  const method = req.method === "HEAD" ? "GET" : req.method;
  const handler = module?.[method as "GET" | "POST"];
  let truncated = false;
  let response: Response;
  try {
    if (!module) {
      response = Response.json({ error: { code: "NOT_FOUND", message: `no agent API route ${url.pathname}` } }, { status: 404 });
    } else if (!handler) {
      response = Response.json(
        { error: { code: "METHOD_NOT_ALLOWED", message: `${req.method} is not allowed on ${url.pathname}` } },
        { status: 405, headers: { allow: Object.keys(module).join(", ") } },
      );
    } else {
      const hasBody = method !== "GET";
      const read = hasBody ? await readBody(req, env().MAX_BODY_BYTES) : { body: undefined, truncated: false };
      truncated = read.truncated;
      const headers = new Headers();
      for (const [key, value] of Object.entries(req.headers)) {
        if (typeof value === "string") headers.set(key, value);
        else if (Array.isArray(value)) for (const v of value) headers.append(key, v);
      }
      // As Next does: the peer's address is the last X-Forwarded-For entry (see TRUSTED_PROXY_HOPS).
      if (req.socket.remoteAddress) headers.append("x-forwarded-for", req.socket.remoteAddress);
      const request = new NextRequest(`http://${req.headers.host ?? "gateway.local"}${req.url}`, { method, headers, body: read.body ? new Uint8Array(read.body) : undefined });
      response = await handler(request, NO_PARAMS);
    }
  } catch (error) {
    response = errorResponse(error);
  }
  const body = req.method === "HEAD" ? Buffer.alloc(0) : Buffer.from(await response.arrayBuffer());
  send(res, response, body, truncated);
}

export function createAgentGateway(): http.Server {
  const server = http.createServer((req, res) => {
    handle(req, res).catch((error) => {
      console.error(JSON.stringify({ level: "error", msg: "agent gateway failed to answer", error: String((error as Error)?.message ?? error).slice(0, 300) }));
      if (!res.headersSent) res.writeHead(500, { "content-type": "application/json" });
      res.end('{"error":{"code":"INTERNAL","message":"internal error; it has been logged"}}');
    });
  });
  // Agents keep connections open between reports; the load balancer's idle timeout should be lower.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  server.requestTimeout = 30_000;
  return server;
}
