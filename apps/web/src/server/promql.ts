/**
 * The metric names a PromQL expression reads, for the test that holds the Grafana dashboard
 * (deploy/grafana) to what /metrics serves. Not a PromQL parser: it drops strings, label
 * matchers, ranges and grouping clauses, then keeps identifiers that are neither functions,
 * keywords nor numbers.
 */
const KEYWORDS = new Set(["by", "without", "on", "ignoring", "group_left", "group_right", "bool", "and", "or", "unless", "offset", "atan2", "inf", "nan"]);

export function metricNamesIn(expr: string): string[] {
  const stripped = expr
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g, '""')
    .replace(/\{[^}]*\}/g, " ")
    .replace(/\[[^\]]*\]/g, " ")
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, " ");
  const names = new Set<string>();
  for (const m of stripped.matchAll(/(?<![\w:$.])([a-zA-Z_:][a-zA-Z0-9_:]*)(\s*\()?/g)) {
    const [, name, call] = m;
    if (call || KEYWORDS.has(name!.toLowerCase())) continue;
    names.add(name!);
  }
  return [...names];
}

/** Every PromQL expression of a Grafana dashboard: panel targets (rows included) and query variables. */
export function dashboardExprs(dashboard: unknown): string[] {
  const exprs: string[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) for (const n of node) walk(n);
    else if (node && typeof node === "object") {
      for (const [key, value] of Object.entries(node)) {
        if (key === "expr" && typeof value === "string") exprs.push(value);
        else walk(value);
      }
    }
  };
  walk(dashboard);
  const variables = (dashboard as { templating?: { list?: { query?: { query?: string } }[] } }).templating?.list ?? [];
  for (const v of variables) {
    // label_values(metric, label) names a metric; other variable queries are PromQL as they stand.
    const q = v.query?.query;
    if (q) exprs.push(q.replace(/^label_values\(\s*([^,]+),[^)]*\)$/, "$1"));
  }
  return exprs;
}
