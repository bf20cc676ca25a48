/**
 * Reads a scenario file and its price files, and checks that the period can be replayed:
 * every problem is a ScenarioError naming the field, file, row or interval. Never a NaN.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { CSV_FORMATS, PriceCsvError, parsePriceCsv, type TCsvFormat, type TParsedSeries, type TPriceKind } from "../feeds/csv";
import { checkCoverage } from "./check-coverage";
import { ScenarioError } from "./errors";
import { buildFleet, type TFleet } from "./fleet";
import type { TMarket } from "./market";
import { drawOffers, rentalPriceLookup } from "./offers";
import { type TScenario, type TSeriesRef, ZScenario } from "./scenario";
import { type TSeries, toSeries } from "./series";

const HASH_UNIT_HS = { "H/s": 1, "MH/s": 1e6, "GH/s": 1e9, "TH/s": 1e12 } as const;

export interface TLoadedScenario {
  scenario: TScenario;
  fleet: TFleet;
  market: TMarket;
  notes: string[]; // documented handling that happened: gaps, stale quotes
}

export function loadScenario({ file }: { file: string }): TLoadedScenario {
  if (!existsSync(file)) throw new ScenarioError([`scenario file not found: ${path.resolve(file)}`]);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, "utf8"));
  } catch (e) {
    throw new ScenarioError([`${file}: not valid JSON (${(e as Error).message})`]);
  }
  return prepareScenario({ raw, baseDir: path.dirname(path.resolve(file)) });
}

/** Validates a parsed scenario and loads its price files, relative to baseDir. */
export function prepareScenario({ raw, baseDir }: { raw: unknown; baseDir: string }): TLoadedScenario {
  const parsed = ZScenario.safeParse(raw);
  if (!parsed.success) throw new ScenarioError(parsed.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`));
  const scenario = parsed.data;
  const notes: string[] = [];
  const files = new Map<string, TParsedSeries[]>();

  const series = (ref: TSeriesRef, where: string, kinds: TPriceKind[]): TSeries => {
    const spec = scenario.files[ref.file];
    if (!spec) throw new ScenarioError([`${where}.file: no file "${ref.file}" in files (files: ${Object.keys(scenario.files).join(", ") || "none"})`]);
    let parsedFile = files.get(ref.file);
    if (!parsedFile) {
      parsedFile = readPriceFile(ref.file, spec.path, spec.format, baseDir);
      files.set(ref.file, parsedFile);
    }
    const found = parsedFile.find((s) => s.key === ref.key);
    if (!found) throw new ScenarioError([`${where}.key: no series "${ref.key}" in files.${ref.file} (it has: ${parsedFile.map((s) => s.key).join(", ")})`]);
    if (!kinds.includes(found.kind)) throw new ScenarioError([`${where}: series "${ref.key}" is ${found.kind}, expected ${kinds.join(" or ")}`]);
    // Only electricity may be negative (running pays); the CSV reader checks this for the
    // shipped formats, an inline format could allow it by mistake.
    const negative = found.kind === "ELECTRICITY" ? undefined : found.points.find((p) => p.value < 0);
    if (negative) throw new ScenarioError([`${where}: series "${ref.key}" has a negative value (${negative.value} at ${new Date(negative.atMs).toISOString()})`]);
    const shiftMs = spec.alignAt === undefined ? 0 : scenario.period.start - spec.alignAt;
    return toSeries(found.key, found.intervalSeconds, found.points, shiftMs);
  };

  const sites = scenario.sites.map((s, i) => ({
    realTime: series(s.electricity.realTime, `sites.${i}.electricity.realTime`, ["ELECTRICITY"]),
    dayAhead: s.electricity.dayAhead ? series(s.electricity.dayAhead, `sites.${i}.electricity.dayAhead`, ["ELECTRICITY"]) : null,
  }));
  const coins: TMarket["coins"] = {};
  for (const [coin, c] of Object.entries(scenario.coins)) {
    const v = c.usdPerUnitPerDay;
    coins[coin] = {
      unitHs: HASH_UNIT_HS[c.hashUnit],
      series: typeof v === "number" ? null : series(v, `coins.${coin}.usdPerUnitPerDay`, ["HASHPRICE", "COIN"]),
      constant: typeof v === "number" ? v : 0,
    };
  }
  const rentalPrices = scenario.rigs.map((g, i) => {
    const p = g.rental?.usdPerGpuHour;
    if (p === undefined) return null;
    return rentalPriceLookup(typeof p === "number" ? p : series(p, `rigs.${i}.rental.usdPerGpuHour`, ["GPU_RENTAL"]));
  });

  const intervalSeconds = scenario.intervalSeconds ?? (sites[0] as { realTime: TSeries }).realTime.intervalMs / 1000;
  const periodSeconds = (scenario.period.end - scenario.period.start) / 1000;
  const problems: string[] = [];
  sites.forEach((s, i) => {
    if ((intervalSeconds * 1000) % s.realTime.intervalMs !== 0) {
      problems.push(`intervalSeconds ${intervalSeconds} is not a multiple of sites.${i}'s real-time interval (${s.realTime.intervalMs / 1000} s)`);
    }
  });
  if (periodSeconds % intervalSeconds !== 0) problems.push(`the period (${periodSeconds} s) is not a whole number of ${intervalSeconds} s intervals`);
  if (problems.length) throw new ScenarioError(problems);

  const fleet = buildFleet(scenario);
  scenario.jobs.forEach((job, i) => {
    const most = Math.max(0, ...fleet.rigs.filter((r) => r.gpuModel === job.gpuModel).map((r) => r.gpuCount));
    if (most === 0) problems.push(`jobs.${i}.gpuModel: no GPU rig of model "${job.gpuModel}" in the fleet`);
    else if (job.gpuCount > most) problems.push(`jobs.${i}.gpuCount: ${job.gpuCount} GPUs, the largest ${job.gpuModel} rig has ${most}`);
  });
  for (const site of fleet.sites) {
    const idleW = fleet.rigs.filter((r) => r.siteIndex === site.index).reduce((sum, r) => sum + r.idlePowerW, 0);
    if (idleW > site.limitItW)
      problems.push(`sites.${site.index} (${site.code}): the rigs draw ${(idleW / 1000).toFixed(1)} kW idle, above the ${(site.limitItW / 1000).toFixed(1)} kW IT limit`);
  }
  const { offers, stalePrices } = safely(() =>
    drawOffers({
      scenario,
      fleet,
      prices: { rentalPrice: (group, at) => (rentalPrices[group] as NonNullable<(typeof rentalPrices)[number]>)(at) },
    }),
  );
  if (stalePrices > 0) notes.push(`${stalePrices} rental offer(s) priced at a quote older than 1.5 intervals (gap in the rental series: the last quote was used)`);

  const market: TMarket = { startMs: scenario.period.start, priceSignal: scenario.priceSignal, intervalSeconds, intervals: periodSeconds / intervalSeconds, sites, coins, offers };
  checkCoverage({ market, siteCodes: scenario.sites.map((x) => x.code), problems, notes });
  if (problems.length) throw new ScenarioError(problems);
  return { scenario, fleet, market, notes };
}

function readPriceFile(name: string, relPath: string, format: string | TCsvFormat, baseDir: string): TParsedSeries[] {
  const where = `files.${name}`;
  const full = path.resolve(baseDir, relPath);
  if (!existsSync(full)) throw new ScenarioError([`${where}: price file not found: ${full} (path is relative to the scenario file)`]);
  const fmt = typeof format === "string" ? CSV_FORMATS[format] : format;
  if (!fmt) throw new ScenarioError([`${where}.format: unknown format "${format}" (known: ${Object.keys(CSV_FORMATS).join(", ")}, or an inline format object)`]);
  try {
    // Gaps are reported by the parser for the whole file; the replay counts those in the period (checkCoverage).
    return parsePriceCsv(readFileSync(full, "utf8"), fmt).series;
  } catch (e) {
    if (e instanceof PriceCsvError) throw new ScenarioError(e.problems.map((p) => `${where} (${relPath}): ${p}`));
    throw e;
  }
}

function safely<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof ScenarioError) throw e;
    throw new ScenarioError([(e as Error).message]);
  }
}
