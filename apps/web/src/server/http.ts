/**
 * The one adapter between the domain's errors and HTTP. Every route handler goes through
 * `route()`: requests are rate-limited (server/rate-limit.ts), bodies are size-limited and
 * validated with zod (server/read-json.ts), errors become `{ error: { code, message, issues? } }`
 * with a 4xx, and nothing internal leaks to clients.
 */
import { AppError } from "@rigshift/db";
import type { NextRequest } from "next/server";
import { isDatabaseUnavailable } from "./db-unavailable";
import { limitRequest } from "./rate-limit";

export { readJson, readJsonBytes } from "./read-json";

const STATUS: Record<AppError["code"], number> = {
  INVALID: 422,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  RATE_LIMITED: 429,
  UNAVAILABLE: 503,
};

/** A JSON answer's body: bigints (money, counters) as decimal strings. */
export function jsonBody(data: unknown): string {
  return JSON.stringify(data, (_k, v) => (typeof v === "bigint" ? v.toString() : v));
}

export function json(data: unknown, status = 200, headers: Record<string, string> = {}): Response {
  const body = jsonBody(data);
  return new Response(body, { status, headers: { "content-type": "application/json; charset=utf-8", "cache-control": "no-store", ...headers } });
}

function errorBody(code: string, message: string, issues?: { path: string; message: string }[]) {
  return { error: { code, message, ...(issues?.length ? { issues } : {}) } };
}

export function errorResponse(error: unknown): Response {
  if (error instanceof AppError) {
    const { status, retryAfterSeconds } = error as AppError & { status?: number; retryAfterSeconds?: number };
    return json(errorBody(error.code, error.message, error.issues), status ?? STATUS[error.code], retryAfterSeconds ? { "retry-after": String(retryAfterSeconds) } : {});
  }
  const code = (error as { code?: string; cause?: { code?: string } })?.code ?? (error as { cause?: { code?: string } })?.cause?.code;
  if (isDatabaseUnavailable(error)) return json(errorBody("UNAVAILABLE", "the database is unreachable; retry later"), 503, { "retry-after": "5" });
  // A verb that checks then writes can lose a race to a concurrent request (two deletes of one
  // row, two creates of one name): the loser gets what it would have got a moment later.
  if (code === "P2025") return json(errorBody("NOT_FOUND", "not found (it was removed meanwhile)"), 404);
  if (code === "P2002") return json(errorBody("CONFLICT", "it already exists (created meanwhile)"), 409);
  console.error(JSON.stringify({ level: "error", msg: "unhandled error in route", error: String((error as Error)?.message ?? error).slice(0, 500) }));
  return json(errorBody("INTERNAL", "internal error; it has been logged"), 500);
}

type Handler<C> = (req: NextRequest, ctx: C) => Promise<Response>;

export function route<C>(handler: Handler<C>): Handler<C> {
  return async (req, ctx) => {
    try {
      await limitRequest(req);
      return await handler(req, ctx);
    } catch (error) {
      return errorResponse(error);
    }
  };
}

export function bearerToken(req: Request): string | undefined {
  return bearerTokenOf(req.headers);
}

export function bearerTokenOf(headers: { get(name: string): string | null }): string | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(headers.get("authorization") ?? "");
  return match?.[1];
}
