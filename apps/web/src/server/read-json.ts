/**
 * Reads and validates a JSON request body.
 *
 * JSON only, UTF-8, uncompressed (a compressed body could inflate far past MAX_BODY_BYTES), at
 * most MAX_BODY_BYTES; a leading byte-order mark is ignored (RFC 8259 allows it). Refused before
 * any schema sees them, at any depth: NUL characters and lone surrogate escapes (Postgres text
 * can hold neither), and the keys `__proto__`, `constructor` and `prototype` (nothing legitimate
 * uses them; merged into an object they change its prototype).
 *
 * Unknown fields are stripped, zod's default, everywhere: newer agents and dashboards may send
 * fields an older server does not know yet. The one exception is the public job API, which is
 * strict (`.strict()`): its callers are third parties, and a misspelt optional field silently
 * ignored would run a job other than the one asked for.
 */
import { AppError } from "@rigshift/db";
import type { z } from "zod";
import { env } from "../env";

const refuse = (status: number, message: string) => Object.assign(new AppError("INVALID", message), { status });

/** What the checks need of a request's headers: a web `Headers`, or the gateway's view of node's. */
export interface THeaderLookup {
  get(name: string): string | null;
}

/** 415 wrong type or encoding, 413 too large, 400 not UTF-8 or not JSON, 422 invalid. */
export async function readJson<S extends z.ZodType>(req: Request, schema: S): Promise<z.infer<S>> {
  checkJsonHeaders(req.headers);
  return parseJson(await readLimited(req, env().MAX_BODY_BYTES), schema);
}

/**
 * readJson for a body already read (the agent gateway reads node's stream itself, at most
 * MAX_BODY_BYTES + 1 bytes): the same checks in the same order, the same answers.
 */
export function readJsonBytes<S extends z.ZodType>(headers: THeaderLookup, body: Uint8Array, schema: S): z.infer<S> {
  checkJsonHeaders(headers);
  const limit = env().MAX_BODY_BYTES;
  if (body.byteLength > limit) throw new AppError("PAYLOAD_TOO_LARGE", `body is larger than ${limit} bytes`);
  return parseJson(decodeUtf8(body), schema);
}

function checkJsonHeaders(headers: THeaderLookup) {
  const [mediaType = "", ...params] = (headers.get("content-type") ?? "").toLowerCase().split(";");
  const charset = params.map((p) => p.trim()).find((p) => p.startsWith("charset="));
  if (mediaType.trim() !== "application/json" || (charset && !/^charset="?utf-8"?$/.test(charset))) {
    throw refuse(415, "content-type must be application/json (UTF-8)");
  }
  const encoding = (headers.get("content-encoding") ?? "").trim().toLowerCase();
  if (encoding !== "" && encoding !== "identity") throw refuse(415, "content-encoding is not accepted: send the body uncompressed");
  const limit = env().MAX_BODY_BYTES;
  const declared = Number(headers.get("content-length") ?? "0");
  if (declared > limit) throw new AppError("PAYLOAD_TOO_LARGE", `body is larger than ${limit} bytes`);
}

function parseJson<S extends z.ZodType>(text: string, schema: S): z.infer<S> {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw refuse(400, "body is not valid JSON");
  }
  // Only a body that spells a forbidden key or escapes a character can hold either: the walk,
  // which costs milliseconds on a large telemetry batch, runs for those alone.
  if (SUSPECT.some((marker) => text.includes(marker))) {
    const refused = refusedContent(raw);
    if (refused) throw new AppError("INVALID", `invalid request body: ${refused.path || "body"}: ${refused.message}`, [refused]);
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 20).map((i) => ({ path: i.path.join("."), message: i.message }));
    throw new AppError("INVALID", `invalid request body: ${issues[0]?.path || "body"}: ${issues[0]?.message}`, issues);
  }
  return parsed.data;
}

const FORBIDDEN_KEYS = new Set(["__proto__", "constructor", "prototype"]);

// In a /u regex a surrogate pair is one code point: only a lone half matches.
const LONE_SURROGATE = /\p{Cs}/u;

/** Why Postgres could not store `s` as text: a NUL, or half of a surrogate pair (not Unicode, so not UTF-8). */
const badText = (s: string): string | undefined =>
  s.includes("\0") ? "text must not contain NUL characters" : LONE_SURROGATE.test(s) ? "text must be valid Unicode (a lone surrogate escape)" : undefined;

const SUSPECT = ["\\u", ...FORBIDDEN_KEYS];

/** One object or array being walked: memory grows with the depth of a body, not with its size. */
type TFrame = { container: Record<string, unknown> | unknown[]; keys: string[] | null; i: number; key: string; parent?: TFrame };

const pathOf = (frame: TFrame | undefined, last?: string): string => {
  const keys = last === undefined ? [] : [last];
  for (let f = frame; f?.parent; f = f.parent) keys.push(f.key);
  return keys.reverse().join(".").slice(0, 200);
};

const frameOf = (value: unknown, key: string, parent?: TFrame): TFrame | undefined =>
  typeof value === "object" && value !== null ? { container: value as TFrame["container"], keys: Array.isArray(value) ? null : Object.keys(value), i: 0, key, parent } : undefined;

/** Text Postgres cannot store, or a forbidden key, anywhere in a parsed body, by an explicit stack: bodies may nest deeper than the call stack. */
function refusedContent(value: unknown): { path: string; message: string } | undefined {
  if (typeof value === "string") return badText(value) ? { path: "", message: badText(value)! } : undefined;
  let frame = frameOf(value, "");
  while (frame) {
    const length = frame.keys ? frame.keys.length : (frame.container as unknown[]).length;
    if (frame.i >= length) {
      frame = frame.parent;
      continue;
    }
    const key = frame.keys ? frame.keys[frame.i]! : String(frame.i);
    frame.i += 1;
    if (frame.keys && (FORBIDDEN_KEYS.has(key) || badText(key)))
      return { path: pathOf(frame), message: `the key "${JSON.stringify(key).slice(1, -1).slice(0, 40)}" is not allowed` };
    const child = (frame.container as Record<string, unknown>)[key];
    const bad = typeof child === "string" ? badText(child) : undefined;
    if (bad) return { path: pathOf(frame, key), message: bad };
    frame = frameOf(child, key, frame) ?? frame;
  }
  return undefined;
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
  return decodeUtf8(Buffer.concat(chunks));
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

function decodeUtf8(bytes: Uint8Array): string {
  try {
    return utf8.decode(bytes);
  } catch {
    throw refuse(400, "body is not valid UTF-8");
  }
}
