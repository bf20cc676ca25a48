export { AGENT_VERSION, Agent } from "./agent";
export { loadConfig, parseConfig, type TAgentConfig, type TWorkloadConfig } from "./config";
export { createBackend, createDriver } from "./hardware";
export { jsonLogger, type Logger, silentLogger } from "./log";
export { SimulatedDriver } from "./workloads/simulated";
