import type { TStrategyName } from "../scenario";
import type { TStrategy, TStrategyContext } from "../types";
import { alwaysMine } from "./always-mine";
import { hindsightOptimum } from "./hindsight-optimum";
import { mineUnlessRented } from "./mine-unless-rented";
import { priceCurtail } from "./price-curtail";
import { rigshift } from "./rigshift";

export const STRATEGIES: Record<TStrategyName, (ctx: TStrategyContext) => TStrategy> = {
  "always-mine": alwaysMine,
  "mine-unless-rented": mineUnlessRented,
  "price-curtail": priceCurtail,
  rigshift,
  "hindsight-optimum": hindsightOptimum,
};
