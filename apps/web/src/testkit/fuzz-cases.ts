/**
 * Malformed and hostile requests for the API fuzzer (fuzz.test.ts), generated deterministically
 * from a seed: the same seed, the same cases, so a failure can be replayed. Test-only.
 */
import { gzipSync } from "node:zlib";
import type { TMethod } from "./routes";

/** A small seeded PRNG (mulberry32): uniform in [0, 1). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type TBody = string | Uint8Array | (() => ReadableStream<Uint8Array>);

export interface TCase {
  label: string;
  method: TMethod;
  path: string;
  headers: Record<string, string>;
  body?: TBody;
  /** The exact statuses allowed; absent: any 4xx (and 2xx when `may2xx`). */
  expect?: number[];
  /** A mutation that may still be a valid request. */
  may2xx?: boolean;
}

const JSON_TYPE = { "content-type": "application/json" };
const HOLE = '"@@hostile@@"';

/** Hostile JSON values, as raw text (some are not JSON at all: NaN, Infinity). */
export function hostileValues(maxBodyBytes: number): { label: string; raw: string }[] {
  const deep = (n: number) => "[".repeat(n) + "]".repeat(n);
  return [
    ...["NaN", "-Infinity", "0x10", "'single'"].map((raw) => ({ label: `literal ${raw}`, raw })),
    ...["1e309", "-1e309", "-0", "1e-400", "9007199254740993", "2147483648", "-2147483649", "1.5", "0", "-1", "1e21"].map((raw) => ({ label: `number ${raw}`, raw })),
    ...["null", "true", "false", "[]", "{}", "[1,2,3]", '[""]', '{"a":1}'].map((raw) => ({ label: `type ${raw}`, raw })),
    ...[
      "",
      " ",
      "\u0000",
      "a\u0000b",
      "\ud800",
      "\u202e\u0645",
      "<script>alert(1)</script>",
      "' OR '1'='1' --",
      "../../../../etc/passwd",
      "%00",
      ["$", "{jndi:ldap://x}"].join(""),
      "9999-12-31T23:59:59Z",
      "0000-01-01T00:00:00Z",
      "+275760-09-13T00:00:00.000Z",
      "2026-02-30T00:00:00Z",
      "2026-02-30",
      "2026-13-01",
      "1970-01-01T00:00:00Z",
      "NaN",
      "Infinity",
      "-1",
      "1e309",
      "MINE",
      "__proto__",
      "💩".repeat(100),
    ].map((s) => ({ label: `string ${JSON.stringify(s).slice(0, 40)}`, raw: JSON.stringify(s) })),
    { label: "string 100k", raw: JSON.stringify("x".repeat(100_000)) },
    { label: "array of 50k numbers", raw: `[${Array.from({ length: 50_000 }, (_, i) => i).join(",")}]` },
    { label: "nested arrays, 10k deep", raw: deep(10_000) },
    { label: "object with 10k keys", raw: JSON.stringify(Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`k${i}`, i]))) },
    { label: "string just under the body limit", raw: JSON.stringify("y".repeat(maxBodyBytes - 1_000)) },
  ];
}

/** `template` as JSON with `field` replaced by `raw` (or removed when raw is undefined). */
export function withField(template: Record<string, unknown>, field: string, raw: string | undefined): string {
  if (raw === undefined) {
    const { [field]: _gone, ...rest } = template;
    return JSON.stringify(rest);
  }
  return JSON.stringify({ ...template, [field]: "@@hostile@@" }).replace(HOLE, () => raw);
}

let big: { maxBodyBytes: number; bomb: Buffer; over: string; underArray: string } | undefined;
/** Bodies costly to make, made once: 64 MiB of spaces gzipped (64 KiB on the wire), arrays over and just under the limit. */
function bigBodies(maxBodyBytes: number) {
  if (big?.maxBodyBytes !== maxBodyBytes) {
    big = {
      maxBodyBytes,
      bomb: gzipSync(Buffer.alloc(64 * 1024 * 1024, 0x20)),
      over: `[${"0,".repeat(Math.ceil(maxBodyBytes / 2))}0]`,
      underArray: `[${"0,".repeat(Math.floor((maxBodyBytes - 100) / 2))}0]`,
    };
  }
  return big;
}

/** Requests wrong as a whole: framing, types, encodings, sizes. `over` bodies exceed the limit. */
export function structuralCases(template: Record<string, unknown>, maxBodyBytes: number, strict: boolean): Omit<TCase, "method" | "path">[] {
  const valid = JSON.stringify(template);
  const first = Object.keys(template)[0] ?? "x";
  // With no known field, a hostile value lands in an unknown one, which is stripped: any 4xx.
  const inField = (statuses: number[]) => (Object.keys(template).length ? statuses : undefined);
  const withKey = (keyText: string) => (valid === "{}" ? `{${keyText}}` : `{${keyText},${valid.slice(1)}`);
  const invalidUtf8 = Buffer.concat([Buffer.from(`${valid.slice(0, -1)},"z":"`), Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0xed, 0xa0, 0x80]), Buffer.from('"}')]);
  const { bomb, over, underArray } = bigBodies(maxBodyBytes);
  const chunked = () => {
    let sent = 0;
    return new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent > maxBodyBytes + 65_536) return controller.close();
        sent += 65_536;
        controller.enqueue(new Uint8Array(65_536).fill(0x20));
      },
    });
  };
  const j = (label: string, body: TBody, expect?: number[], extra: Record<string, string> = {}): Omit<TCase, "method" | "path"> => ({
    label,
    headers: { ...JSON_TYPE, ...extra },
    body,
    expect,
  });
  return [
    j("empty body", "", [400]),
    j("whitespace body", "   \n", [400]),
    j("truncated JSON", valid.slice(0, Math.max(1, valid.length - 3)), [400]),
    j("unclosed array", "[1,2", [400]),
    j("single quotes", "{'a':1}", [400]),
    j("trailing comma", valid.replace(/}$/, ",}"), [400]),
    j("comment", `/* c */${valid}`, [400]),
    // RFC 8259 lets a parser ignore a leading byte-order mark; this one does.
    { ...j("byte-order mark", `\ufeff${valid}`), may2xx: true },
    j("NaN literal", withField(template, first, "NaN"), [400]),
    j("Infinity literal", withField(template, first, "Infinity"), [400]),
    j("top-level null", "null", [422]),
    j("top-level number", "1e309", [422]),
    j("top-level string", '"hello"', [422]),
    j("top-level array", `[${valid}]`, [422]),
    j("arrays nested 100k deep", "[".repeat(100_000) + "]".repeat(100_000), [422]),
    j("objects nested 100k deep", `${'{"a":'.repeat(100_000)}1${"}".repeat(100_000)}`),
    j("field nested 100k deep", withField(template, first, "[".repeat(100_000) + "]".repeat(100_000)), inField([422])),
    j("array just under the limit", underArray, [422]),
    j("body over the limit (content-length)", over, [413]),
    j("body over the limit (chunked)", chunked, [413]),
    j("invalid UTF-8", invalidUtf8, [400]),
    { ...j("unknown fields", JSON.stringify({ ...template, zzUnknown: 1, "": [1], "a b": { c: true } })), may2xx: !strict },
    { ...j("duplicate keys", withKey(`${JSON.stringify(first)}:"dup"`)), may2xx: true },
    j("__proto__ key", withKey('"__proto__":{"isAdmin":true}'), [422]),
    j("escaped __proto__ key", withKey('"\\u005f_proto__":{"role":"ADMIN"}'), [422]),
    j("constructor.prototype", withKey('"constructor":{"prototype":{"isAdmin":true}}'), [422]),
    j("__proto__ nested in a field", withField(template, first, '{"__proto__":{"x":1}}'), [422]),
    j("NUL in a field", withField(template, first, '"a\\u0000b"'), [422]),
    j("lone surrogate in a field", withField(template, first, '"a\\ud800b"'), [422]),
    j("lone surrogate in a key", withKey('"\\udc00":1'), [422]),
    { label: "no content-type", headers: {}, body: valid, expect: [415] },
    j("text/plain", valid, [415], { "content-type": "text/plain" }),
    j("form-urlencoded", "a=1&b=2", [415], { "content-type": "application/x-www-form-urlencoded" }),
    j("multipart", '--x\r\ncontent-disposition: form-data; name="a"\r\n\r\n1\r\n--x--', [415], { "content-type": "multipart/form-data; boundary=x" }),
    j("application/json-patch+json", valid, [415], { "content-type": "application/json-patch+json" }),
    j("application/jsonx", valid, [415], { "content-type": "application/jsonx" }),
    j("charset utf-16", Buffer.from(valid, "utf16le"), [415], { "content-type": "application/json; charset=utf-16" }),
    j("gzip bomb", bomb, [415], { "content-encoding": "gzip" }),
    j("content-encoding br", valid, [415], { "content-encoding": "br" }),
    j("content-encoding gzip, identity", valid, [415], { "content-encoding": "gzip, identity" }),
    { ...j("content-encoding identity", valid, undefined, { "content-encoding": "identity" }), may2xx: true },
  ];
}

/**
 * Each field of `template` replaced by hostile values: a `sample` share of the values, each on a
 * field the seed picks, plus a missing value and type confusion on every field.
 */
export function fieldCases(template: Record<string, unknown>, maxBodyBytes: number, random: () => number, sample = 1): Omit<TCase, "method" | "path">[] {
  const fields = Object.keys(template);
  if (!fields.length) return [];
  const cases: Omit<TCase, "method" | "path">[] = [];
  const add = (field: string, label: string, raw: string | undefined) =>
    cases.push({ label: `${field}: ${label}`, headers: { ...JSON_TYPE }, body: withField(template, field, raw), may2xx: true });
  for (const v of hostileValues(maxBodyBytes)) {
    const field = fields[Math.floor(random() * fields.length)]!;
    if (random() >= sample) continue;
    add(field, v.label, v.raw);
  }
  for (const field of fields) {
    for (const [label, raw] of [
      ["missing", undefined],
      ["type null", "null"],
      ["type {}", "{}"],
      ['type "1"', '"1"'],
    ] as const) {
      if (random() < sample) add(field, label, raw);
    }
  }
  return cases;
}

/** Query strings for GET routes: names the API uses, values it should refuse (or clamp). */
export const HOSTILE_QUERIES = [
  "page=0",
  "page=1e309",
  "page=-1",
  "pageSize=1000000",
  "limit=NaN",
  "limit=-1",
  "before=9999999999999999999",
  "before=18446744073709551616",
  "before=-1",
  "q=%00",
  "q=a%00b",
  `q=${"x".repeat(10_000)}`,
  "q=%25%27%22%3B--",
  "siteId=2147483648",
  "siteId=0",
  "rigId=1.5",
  "range=1y",
  "range=__proto__",
  "from=0001-01-01&to=9999-12-31",
  "from=0000-01-01&to=0000-01-02",
  "from=0000-01-01T00:00:00Z&to=0000-01-02T00:00:00Z",
  "from=1970-01-01T00:00:00Z&to=2100-01-01T00:00:00Z",
  "from=2026-11-01&to=2026-11-02&timeZone=Mars%2FOlympus",
  "from=2026-02-30&to=2026-03-01",
  "from=2026-11-02&to=2026-11-01",
  "from=2026-01-01&to=2026-01-31&groupBy=rig&granularity=hour&format=csv",
  "format=xml",
  "__proto__=1&constructor=1",
  "sort=__proto__&dir=sideways",
  "state=open&state=resolved",
  "hostname=%F0%9F%92%A9&mode=MINE&changedOnly=2",
  "status=RUNNING&view=history&tag=%E2%80%AE",
  "%ZZ=%ZZ",
];

/** Ids that are not ids: each must be a 4xx (404 as for an unknown id), never a 500. */
export const BOGUS_IDS = ["0", "-1", "1e3", "2147483648", "99999999999999999999", "%00", "1%20OR%201%3D1", "..%2F..%2Fetc", "%F0%9F%92%A9", "x".repeat(1_000)];

/** The structural cases still worth sending to a handler that reads no body (it must ignore them). */
export const IGNORED_BODY_CASES = [
  "empty body",
  "truncated JSON",
  "body over the limit (content-length)",
  "body over the limit (chunked)",
  "gzip bomb",
  "__proto__ key",
  "invalid UTF-8",
];
