export { Agent, AGENT_VERSION } from "./agent";
export { parseConfig, loadConfig, type TAgentConfig, type TWorkloadConfig } from "./config";
export { createBackend } from "./hardware";
export { jsonLogger, silentLogger, type Logger } from "./log";
export { SimulatedDriver } from "./workloads/simulated";
