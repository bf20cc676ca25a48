/**
 * The backtest scenario file: fleet, price files, AI demand, fees and switching costs.
 * Documented field by field in packages/scheduler/backtest-scenarios/README.md.
 */
import { z } from "zod";

export const STRATEGY_NAMES = ["always-mine", "mine-unless-rented", "price-curtail", "rigshift", "hindsight-optimum"] as const;
export const ZStrategyName = z.enum(STRATEGY_NAMES);
export type TStrategyName = z.infer<typeof ZStrategyName>;

const finite = z.number().finite();
const nonNegative = finite.min(0);
const instant = z.iso.datetime({ offset: true }).transform((s) => Date.parse(s)); // unix ms

const ZSeriesSpec = z.object({
  column: z.string().min(1),
  key: z.string().min(1),
  kind: z.enum(["ELECTRICITY", "HASHPRICE", "COIN", "GPU_RENTAL"]),
  unit: z.string(),
  zone: z.string().optional(),
  allowNegative: z.boolean().optional(),
});

/** Same shape as feeds/csv.ts TCsvFormat, for files that are not one of CSV_FORMATS. */
export const ZCsvFormat = z.object({
  name: z.string(),
  timeColumn: z.string().min(1),
  timeZone: z.string().min(1),
  intervalSeconds: finite.positive(),
  groupColumns: z.array(z.string()).optional(),
  series: z.array(ZSeriesSpec).min(1),
});

export const ZPriceFile = z.object({
  path: z.string().min(1), // relative to the scenario file
  format: z.union([z.string().min(1), ZCsvFormat]), // a CSV_FORMATS name or an inline format
  /** Series time that lines up with period.start: replays a file from another period (unix ms after parsing). */
  alignAt: instant.optional(),
});

/** One series of one file: { file: name in `files`, key: series key }. */
export const ZSeriesRef = z.object({ file: z.string().min(1), key: z.string().min(1) });
export type TSeriesRef = z.infer<typeof ZSeriesRef>;

const ZSite = z.object({
  code: z.string().min(1),
  powerCapKw: finite.positive(), // facility side, PUE included
  coolingCapacityKw: finite.positive().optional(), // IT heat; default: no limit beyond the cap
  pue: finite.min(1).max(5),
  electricity: z.object({ realTime: ZSeriesRef, dayAhead: ZSeriesRef.optional() }),
  /** rigshift's site policy; defaults are the product's (900 s dwell, 5% hysteresis). */
  policy: z.object({ minDwellSeconds: nonNegative.default(900), hysteresisBps: nonNegative.default(500) }).prefault({}),
});

const ZCoin = z.object({
  hashUnit: z.enum(["H/s", "MH/s", "GH/s", "TH/s"]),
  /** Revenue per hash unit per day before pool fee: a daily series (BTC hashprice) or a constant. */
  usdPerUnitPerDay: z.union([ZSeriesRef, nonNegative]),
  poolFeeBps: nonNegative.max(10_000),
});

const ZRental = z.object({
  /** Price per GPU-hour the renter pays: a series (step function, last quote) or a constant. */
  usdPerGpuHour: z.union([ZSeriesRef, nonNegative]),
  utilisation: finite.min(0).max(1), // share of hours a rental is offered for each rig
  meanHours: finite.min(1).default(1), // average length of a rental (1 = independent hourly draws)
  /** true: interruptible (may be stopped and resumed while offered); false: on-demand, runs until the renter leaves. */
  preemptible: z.boolean().default(false),
});

const ZRigGroup = z
  .object({
    site: z.string().min(1),
    kind: z.enum(["ASIC", "GPU_RIG"]),
    model: z.string().min(1), // ASIC: catalogue name ("S21"); GPU rig: GPU model ("RTX 3090")
    count: z.number().int().min(1),
    gpus: z.number().int().min(1).optional(), // GPUs per rig (GPU rigs)
    coin: z.string().min(1).optional(), // what it mines; omitted = cannot mine
    idlePowerW: nonNegative.optional(), // default ASIC 25 W, GPU rig 150 W + 15 W per GPU
    rental: ZRental.optional(),
  })
  .superRefine((g, ctx) => {
    if (g.kind === "GPU_RIG" && g.gpus === undefined) ctx.addIssue({ code: "custom", path: ["gpus"], message: "a GPU rig needs gpus (GPUs per rig)" });
    if (g.kind === "ASIC" && g.rental) ctx.addIssue({ code: "custom", path: ["rental"], message: "an ASIC cannot be rented for AI" });
  });

const ZJob = z.object({
  gpuModel: z.string().min(1),
  gpuCount: z.number().int().min(1),
  usdPerGpuHour: nonNegative,
  from: instant,
  to: instant,
  preemptible: z.boolean().default(false),
});

export const ZScenario = z
  .object({
    name: z.string().min(1),
    description: z.string().optional(),
    period: z.object({ start: instant, end: instant }),
    intervalSeconds: z.number().int().positive().optional(), // default: the real-time series' interval
    seed: z.number().int().default(1), // rental offers
    /** The electricity price price-aware strategies decide on (see market.ts TPriceSignal). */
    priceSignal: z.enum(["day-ahead", "last-real-time", "day-ahead+persistence"]).default("day-ahead"),
    strategies: z
      .array(ZStrategyName)
      .min(1)
      .default([...STRATEGY_NAMES]),
    files: z.record(z.string(), ZPriceFile),
    sites: z.array(ZSite).min(1),
    coins: z.record(z.string(), ZCoin).default({}),
    rigs: z.array(ZRigGroup).min(1),
    jobs: z.array(ZJob).default([]), // explicit AI jobs, offered from `from` to `to`
    ai: z.object({ platformFeeBps: nonNegative.max(10_000).default(0) }).prefault({}),
    switching: z.object({ mineStartSeconds: nonNegative, asicStartSeconds: nonNegative, aiStartSeconds: nonNegative }),
  })
  .superRefine((s, ctx) => {
    if (!(s.period.end > s.period.start)) ctx.addIssue({ code: "custom", path: ["period", "end"], message: "must be after period.start" });
    const codes = new Set<string>();
    s.sites.forEach((site, i) => {
      if (codes.has(site.code)) ctx.addIssue({ code: "custom", path: ["sites", i, "code"], message: `duplicate site code ${site.code}` });
      codes.add(site.code);
    });
    s.rigs.forEach((g, i) => {
      if (!codes.has(g.site)) ctx.addIssue({ code: "custom", path: ["rigs", i, "site"], message: `no site "${g.site}" (sites: ${[...codes].join(", ")})` });
      if (g.coin !== undefined && !s.coins[g.coin]) ctx.addIssue({ code: "custom", path: ["rigs", i, "coin"], message: `no coin "${g.coin}" in coins` });
    });
    s.jobs.forEach((j, i) => {
      if (!(j.to > j.from)) ctx.addIssue({ code: "custom", path: ["jobs", i, "to"], message: "must be after from" });
    });
  });
export type TScenario = z.infer<typeof ZScenario>;
export type TScenarioRigGroup = TScenario["rigs"][number];
