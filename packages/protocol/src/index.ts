export * from "./agent-api";
export * from "./common";
export * from "./telemetry";
