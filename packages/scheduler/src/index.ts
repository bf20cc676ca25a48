export { runEpoch, type TEpochResult } from "./epoch/run-epoch";
export { claimRun } from "./epoch/claim-run";
export * from "./queues/catalog";
