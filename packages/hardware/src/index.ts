export * from "./backend";
export * from "./catalog";
export { createSimulatedBackend, type TSimulatedRigSpec } from "./simulated";
