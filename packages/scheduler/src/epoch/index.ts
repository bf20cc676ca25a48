export { APPLY_LOCK, applyPlan } from "./apply-plan";
export { claimRun } from "./claim-run";
export { loadEngineInput, SWITCHING } from "./load-input";
export { runMaintenance } from "./maintenance";
export { loadEpochPrices } from "./prices";
export { runEpoch, type TEpochResult } from "./run-epoch";
