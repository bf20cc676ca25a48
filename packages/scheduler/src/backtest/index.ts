export { ScenarioError } from "./errors";
export { loadScenario, prepareScenario, type TLoadedScenario } from "./load-scenario";
export { runBacktest, type TBacktestResult, type TStrategyResult } from "./replay";
export { formatReport, formatUsd, reportJson, rigshiftShare } from "./report";
export { STRATEGY_NAMES, type TScenario, type TStrategyName, ZScenario } from "./scenario";
