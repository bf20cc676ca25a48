export { checkPlan } from "./check-plan";
export { type MipOptions, type MipResult, solveMip } from "./mip";
export { type TEngineInput, ZEngineInput } from "./schema";
export { planEpoch, solveEpoch } from "./solve-epoch";
export type * from "./types";
