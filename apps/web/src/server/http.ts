/**
 * The one adapter between the domain's errors and HTTP. Every route handler goes through
 * `route()`: bodies are size-limited and validated with zod, errors become
 * `{ error: { code, message, issues? } }` with a 4xx, and nothing internal leaks to clients.
 */
import { AppError } from "@rigshift/db";
import type { NextRequest } from "next/server";
import type { z } from "zod";
import { env } from "../env";

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

export function json(data: unknown, status = 200, headers: Record<string, string> = {}): Response {
  const body = JSON.stringify(data, (_k, v) => (typeof v === "bigint" ? v.toString() : v));
  return new Response(body, { status, headers: { "content-type": "application/json; charset=utf-8", "cache-control": "no-store", ...headers } });
}

function errorBody(code: string, message: string, issues?: { path: string; message: string }[]) {
  return { error: { code, message, ...(issues?.length ? { issues } : {}) } };
}

const DB_DOWN = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "57P01", "57P03", "08006", "08001"]);

export function errorResponse(error: unknown): Response {
  if (error instanceof AppError) {
    const status = (error as AppError & { status?: number }).status ?? STATUS[error.code];
    return json(errorBody(error.code, error.message, error.issues), status);
  }
  const code = (error as { code?: string; cause?: { code?: string } })?.code ?? (error as { cause?: { code?: string } })?.cause?.code;
  if (code && DB_DOWN.has(code)) return json(errorBody("UNAVAILABLE", "the database is unreachable; retry later"), 503, { "retry-after": "5" });
  console.error(JSON.stringify({ level: "error", msg: "unhandled error in route", error: String((error as Error)?.message ?? error).slice(0, 500) }));
  return json(errorBody("INTERNAL", "internal error; it has been logged"), 500);
}

type Handler<C> = (req: NextRequest, ctx: C) => Promise<Response>;

export function route<C>(handler: Handler<C>): Handler<C> {
  return async (req, ctx) => {
    try {
      return await handler(req, ctx);
    } catch (error) {
      return errorResponse(error);
    }
  };
}

/** Reads and validates a JSON body: 415 wrong type, 413 too large, 400 not JSON, 422 invalid. */
export async function readJson<S extends z.ZodType>(req: Request, schema: S): Promise<z.infer<S>> {
  const type = req.headers.get("content-type") ?? "";
  if (!type.toLowerCase().startsWith("application/json")) {
    throw Object.assign(new AppError("INVALID", "content-type must be application/json"), { status: 415 });
  }
  const limit = env().MAX_BODY_BYTES;
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (declared > limit) throw new AppError("PAYLOAD_TOO_LARGE", `body is larger than ${limit} bytes`);
  const text = await readLimited(req, limit);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw Object.assign(new AppError("INVALID", "body is not valid JSON"), { status: 400 });
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 20).map((i) => ({ path: i.path.join("."), message: i.message }));
    throw new AppError("INVALID", `invalid request body: ${issues[0]?.path || "body"}: ${issues[0]?.message}`, issues);
  }
  return parsed.data;
}

async function readLimited(req: Request, limit: number): Promise<string> {
  if (!req.body) return "";
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      throw new AppError("PAYLOAD_TOO_LARGE", `body is larger than ${limit} bytes`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

export function bearerToken(req: Request): string | undefined {
  const header = req.headers.get("authorization") ?? "";
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  return match?.[1];
}
