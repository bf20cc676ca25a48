import type { Mode } from "../engine";
import type { TFleet } from "./fleet";
import type { TMarketView, TRealised } from "./market";
import type { TScenario, TStrategyName } from "./scenario";

export interface TPlacedJob {
  jobId: number;
  gpuIndices: number[];
}

/** What a rig does for one interval. workload: mining profile key, "rental" for AI, null when idle. */
export interface TRigPlan {
  mode: Mode;
  workload: string | null;
  jobs: TPlacedJob[];
}

/** A rig's state carried from one interval to the next (the engine's `current`). */
export interface TRigState extends TRigPlan {
  sinceMs: number; // unix ms of the last mode/workload change
}

export interface TDecideArgs {
  view: TMarketView;
  /** The interval's settlement prices: given only to strategies with foresight. */
  realised: TRealised | null;
  state: readonly TRigState[];
}

export interface TStrategy {
  name: TStrategyName;
  foresight: boolean;
  /**
   * An upper bound rather than a policy: settled without start-up losses and free to stop
   * on-demand rentals, so that no strategy facing the same offers can make more.
   */
  upperBound?: boolean;
  decide(args: TDecideArgs): TRigPlan[] | Promise<TRigPlan[]>;
  /** Figures the strategy wants in the report (e.g. MIP intervals not proven optimal). */
  notes?(): string[];
}

export interface TStrategyContext {
  scenario: TScenario;
  fleet: TFleet;
}
