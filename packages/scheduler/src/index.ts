export { claimRun } from "./epoch/claim-run";
export { runEpoch, type TEpochResult } from "./epoch/run-epoch";
export * from "./queues/catalog";
