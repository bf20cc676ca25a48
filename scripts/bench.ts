/**
 * `npm run bench [-- NAME...]`: runs the benchmark scripts one after another (engine, agent,
 * ingest, dashboard, finance, …) and passes their JSON lines through. Figures are printed, not
 * asserted: compare them across runs on the same machine.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { ROOT } from "./lib/services";

const scripts: [string, string][] = [];
const engine = path.join(ROOT, "packages/scheduler/bench/engine.ts");
if (existsSync(engine)) scripts.push(["engine", engine]);
for (const f of readdirSync(path.join(ROOT, "scripts/bench")).sort()) if (f.endsWith(".ts")) scripts.push([f.replace(/\.ts$/, ""), path.join(ROOT, "scripts/bench", f)]);

const only = process.argv.slice(2);
let failed = 0;
for (const [name, file] of scripts) {
  if (only.length && !only.includes(name)) continue;
  process.stderr.write(`[bench] ${name}\n`);
  const r = spawnSync(path.join(ROOT, "node_modules/.bin/tsx"), [file], { stdio: "inherit", cwd: ROOT, env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
  if (r.status !== 0) {
    failed += 1;
    process.stderr.write(`[bench] ${name} failed (exit ${r.status})\n`);
  }
}
process.exit(failed ? 1 : 0);
