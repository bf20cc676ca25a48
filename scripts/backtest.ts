/**
 * `npm run backtest -- SCENARIO.json [--json] [--strategies a,b,...]`: replays a historical
 * period for a fleet and prints, per strategy, revenue, energy cost, profit, curtailed
 * rig-hours and switches. Scenario schema: packages/scheduler/backtest-scenarios/README.md.
 * Exit codes: 0 done, 2 bad arguments or a scenario that cannot be replayed.
 */
import { parseArgs } from "node:util";
import { formatReport, loadScenario, reportJson, runBacktest, ScenarioError, STRATEGY_NAMES, type TStrategyName } from "@rigshift/scheduler/backtest";

const USAGE = `usage: npm run backtest -- SCENARIO.json [--json] [--strategies ${STRATEGY_NAMES.join(",")}]`;

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}

const { values, positionals } = (() => {
  try {
    return parseArgs({
      allowPositionals: true,
      options: { json: { type: "boolean", default: false }, strategies: { type: "string" }, help: { type: "boolean", short: "h", default: false } },
    });
  } catch (e) {
    return fail(`${(e as Error).message}\n${USAGE}`);
  }
})();
if (values.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
const file = positionals[0];
if (!file || positionals.length > 1) fail(USAGE);

let strategies: TStrategyName[] | undefined;
if (values.strategies) {
  const names = values.strategies.split(",").map((s) => s.trim());
  const unknown = names.filter((n) => !(STRATEGY_NAMES as readonly string[]).includes(n));
  if (unknown.length) fail(`unknown strategy ${unknown.join(", ")}; known: ${STRATEGY_NAMES.join(", ")}`);
  strategies = names as TStrategyName[];
}

try {
  const loaded = loadScenario({ file });
  const result = await runBacktest({
    loaded,
    strategies,
    onStrategyDone: ({ strategy, elapsedMs }) => process.stderr.write(`[backtest] ${strategy}: ${(elapsedMs / 1000).toFixed(1)} s\n`),
  });
  process.stdout.write(values.json ? `${JSON.stringify(reportJson(result), null, 2)}\n` : `${formatReport(result)}\n`);
} catch (e) {
  if (e instanceof ScenarioError) fail(`${file}: ${e.message}`);
  throw e;
}
