/**
 * Every HTTP route the web app serves, read from the filesystem (app/**\/route.ts) rather than
 * listed by hand: a route added tomorrow is fuzzed and must be classified by the auth matrix.
 * Test-only.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

export const APP_DIR = path.resolve(import.meta.dirname, "../app");

export const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
export type TMethod = (typeof METHODS)[number];

export interface TRoute {
  /** "/api/v1/sites/[id]/policy": the URL path with its dynamic segments as written in the folder names. */
  pattern: string;
  /** Names of the dynamic segments, in order: ["id"]. */
  params: string[];
  methods: TMethod[];
  /** The methods whose handler reads a JSON body (calls readJson). */
  bodyMethods: TMethod[];
  /** The methods whose handler reads the query string (calls readQuery). */
  queryMethods: TMethod[];
  file: string;
}

const EXPORTED = /export\s+(?:const|let|async\s+function|function)\s+(GET|POST|PUT|PATCH|DELETE)\b/g;
const EXPORT_LIST = /export\s*\{([^}]*)\}/g;

function exportedMethods(source: string): TMethod[] {
  const found = new Set<string>();
  for (const m of source.matchAll(EXPORTED)) found.add(m[1]!);
  for (const m of source.matchAll(EXPORT_LIST)) {
    for (const item of m[1]!.split(",")) {
      const name = item
        .trim()
        .split(/\s+as\s+/)
        .pop();
      if (name) found.add(name);
    }
  }
  return METHODS.filter((method) => found.has(method));
}

/** Methods whose export's source (up to the next export) calls `call`. */
function methodsCalling(source: string, call: string): TMethod[] {
  const starts = [...source.matchAll(EXPORTED)].map((m) => ({ method: m[1] as TMethod, at: m.index }));
  return starts.filter((s, i) => source.slice(s.at, starts[i + 1]?.at ?? source.length).includes(call)).map((s) => s.method);
}

export function listRoutes(appDir = APP_DIR): TRoute[] {
  const routes: TRoute[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/^route\.(ts|tsx|js)$/.test(entry.name)) {
        const segments = path
          .relative(appDir, dir)
          .split(path.sep)
          .filter((s) => s && !/^\(.*\)$/.test(s) && !s.startsWith("@"));
        const params = segments.filter((s) => /^\[.+\]$/.test(s)).map((s) => s.replace(/^\[+\.{0,3}|\]+$/g, ""));
        const source = readFileSync(full, "utf8");
        routes.push({
          pattern: `/${segments.join("/")}`,
          params,
          methods: exportedMethods(source),
          bodyMethods: methodsCalling(source, "readJson("),
          queryMethods: methodsCalling(source, "readQuery("),
          file: path.relative(appDir, full),
        });
      }
    }
  };
  walk(appDir);
  return routes.sort((a, b) => a.pattern.localeCompare(b.pattern));
}

/** The URL of `pattern` with each dynamic segment replaced by `ids[name]` (URL-encoded as given). */
export function fill(pattern: string, ids: Record<string, string>): string {
  return pattern.replace(/\[+\.{0,3}([^\]]+)\]+/g, (_m, name: string) => {
    const id = ids[name];
    if (id === undefined) throw new Error(`no id for [${name}] in ${pattern}`);
    return id;
  });
}

export const isWrite = (method: TMethod) => method !== "GET";
