/**
 * A strict reader of the Prometheus text format (0.0.4), for tests that check what /metrics
 * serves: it throws on the first line Prometheus would refuse or misread, naming the line.
 */
export interface TExpositionSample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface TExpositionFamily {
  name: string;
  type: "counter" | "gauge" | "histogram" | "summary" | "untyped";
  help?: string;
  samples: TExpositionSample[];
}

const METRIC = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?:[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\[\\"n])*",?)*\})?[ \t]+(\S+)(?:[ \t]+(-?\d+))?$/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\\n]|\\[\\"n])*)"/g;
const TYPES = new Set(["counter", "gauge", "histogram", "summary", "untyped"]);
const SUFFIXES: Record<string, string[]> = { histogram: ["_bucket", "_sum", "_count"], summary: ["", "_sum", "_count"] };

/** As Prometheus reads values (Go's ParseFloat): NaN and Inf in any case, so prom-client's "Nan" passes. */
function parseValue(text: string, where: string): number {
  const special = /^([-+]?)(inf|infinity|nan)$/i.exec(text);
  if (special) return special[2]!.toLowerCase() === "nan" ? Number.NaN : special[1] === "-" ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text)) throw new Error(`${where}: "${text}" is not a sample value`);
  return Number(text);
}

function familyOf(name: string, families: Map<string, TExpositionFamily>): TExpositionFamily | undefined {
  for (const [family, f] of families) {
    const suffixes = SUFFIXES[f.type] ?? [""];
    if (suffixes.some((s) => family + s === name)) return f;
  }
  return undefined;
}

export function parseExposition(text: string): Map<string, TExpositionFamily> {
  const families = new Map<string, TExpositionFamily>();
  const seen = new Set<string>();
  let current: TExpositionFamily | undefined;
  for (const [i, line] of text.split("\n").entries()) {
    const where = `line ${i + 1}`;
    if (line.trim() === "") continue;
    const meta = /^#\s+(HELP|TYPE)\s+(\S+)(?:\s+(.*))?$/.exec(line);
    if (meta) {
      const [kind, name, rest] = [meta[1]!, meta[2]!, meta[3] ?? ""];
      if (!METRIC.test(name)) throw new Error(`${where}: bad metric name ${name}`);
      const f = families.get(name) ?? { name, type: "untyped" as const, samples: [] };
      if (f.samples.length) throw new Error(`${where}: ${kind} for ${name} after its samples`);
      if (kind === "TYPE") {
        if (!TYPES.has(rest)) throw new Error(`${where}: unknown type ${rest}`);
        if (families.get(name)?.type !== undefined && families.get(name)?.type !== "untyped") throw new Error(`${where}: second TYPE for ${name}`);
        f.type = rest as TExpositionFamily["type"];
      } else {
        if (f.help !== undefined) throw new Error(`${where}: second HELP for ${name}`);
        f.help = rest;
      }
      families.set(name, f);
      current = f;
      continue;
    }
    if (line.startsWith("#")) continue;
    const m = SAMPLE.exec(line);
    if (!m) throw new Error(`${where}: not a sample line: ${line}`);
    const [name, labelText, valueText] = [m[1]!, m[2] ?? "", m[3]!];
    const labels: Record<string, string> = {};
    for (const [, k, v] of labelText.matchAll(LABEL)) {
      if (k! in labels) throw new Error(`${where}: label ${k} twice`);
      labels[k!] = v!.replace(/\\(.)/g, (_, c: string) => (c === "n" ? "\n" : c));
    }
    const family = familyOf(name, families) ?? { name, type: "untyped" as const, samples: [] };
    if (!families.has(family.name)) families.set(family.name, family);
    else if (family !== current) throw new Error(`${where}: samples of ${family.name} are not together`);
    current = family;
    const key = `${name}${JSON.stringify(Object.entries(labels).sort())}`;
    if (seen.has(key)) throw new Error(`${where}: duplicate sample ${name}${labelText}`);
    seen.add(key);
    family.samples.push({ name, labels, value: parseValue(valueText, where) });
  }
  for (const f of families.values()) if (f.type === "histogram") checkHistogram(f);
  return families;
}

/** Buckets cumulative, a +Inf bucket per series, and _count equal to it. */
function checkHistogram(f: TExpositionFamily) {
  const series = new Map<string, TExpositionSample[]>();
  for (const s of f.samples.filter((x) => x.name === `${f.name}_bucket`)) {
    if (s.labels.le === undefined) throw new Error(`${f.name}: a bucket without le`);
    const { le: _, ...rest } = s.labels;
    const key = JSON.stringify(Object.entries(rest).sort());
    series.set(key, [...(series.get(key) ?? []), s]);
  }
  for (const [key, buckets] of series) {
    const sorted = buckets.map((b) => ({ le: parseValue(b.labels.le!, f.name), v: b.value })).sort((a, b) => a.le - b.le);
    if (sorted.at(-1)?.le !== Number.POSITIVE_INFINITY) throw new Error(`${f.name}${key}: no +Inf bucket`);
    if (sorted.some((b, i) => i > 0 && b.v < sorted[i - 1]!.v)) throw new Error(`${f.name}${key}: buckets are not cumulative`);
    const count = f.samples.find((s) => s.name === `${f.name}_count` && JSON.stringify(Object.entries(s.labels).sort()) === key);
    if (count?.value !== sorted.at(-1)!.v) throw new Error(`${f.name}${key}: _count differs from the +Inf bucket`);
  }
}
