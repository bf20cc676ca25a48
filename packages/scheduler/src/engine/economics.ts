import type { SiteInput } from "./types";

/** Fallback AI power per GPU when neither telemetry, the job nor the catalogue says (W). */
export const DEFAULT_GPU_POWER_W = 300;

/**
 * Smallest hysteresis margin (USD/h): a switch must gain at least this much even when the
 * current profit is near zero, or rigs would flap between modes earning a cent apart.
 */
export const HYSTERESIS_FLOOR_USD_PER_HOUR = 0.01;

/** Energy cost of 1 W of IT load for one hour at this site (USD), PUE included. */
export function usdPerWattHour(site: SiteInput): number {
  return (site.pue * site.electricityUsdPerMwh) / 1e6;
}

/** Mining revenue before start-up losses (USD/h). */
export function miningRevenueUsdPerHour(args: {
  hashrateHs: number; // total for the rig
  usdPerHashPerDay: number;
  poolFeeBps: number;
}): number {
  return ((args.hashrateHs * args.usdPerHashPerDay) / 24) * (1 - args.poolFeeBps / 10_000);
}

/**
 * The time a switch's start-up loss is spread over (s). A rig that switches stays in its new
 * mode at least the site's minimum dwell, so the loss is shared by that whole stay, not charged
 * to one epoch: with 60 s epochs and a 300 s AI start-up, charging one epoch would mean never
 * starting anything.
 */
export function switchHorizonSeconds(epochSeconds: number, minDwellSeconds: number): number {
  return Math.max(epochSeconds, minDwellSeconds);
}

/** Share of the horizon a switch earns nothing, in [0, 1]. */
export function startLossFraction(startSeconds: number, epochSeconds: number): number {
  if (!(epochSeconds > 0)) return 1;
  return Math.min(1, Math.max(0, startSeconds / epochSeconds));
}

/** Margin a switch must beat: hysteresisBps of the current profit, with an absolute floor. */
export function hysteresisMarginUsdPerHour(hysteresisBps: number, currentProfitUsdPerHour: number) {
  if (hysteresisBps <= 0) return 0;
  const proportional = (Math.abs(currentProfitUsdPerHour) * hysteresisBps) / 10_000;
  return Math.max(proportional, HYSTERESIS_FLOOR_USD_PER_HOUR);
}

/** USD for sentences: "$1250", "$1.25", "-$0.405" (a tenth of a cent below a dollar). */
export function formatUsd(usd: number): string {
  const sign = usd < 0 ? "-" : "";
  const abs = Math.abs(usd);
  return `${sign}$${toFixed(abs, usdDigits(abs))}`;
}

function usdDigits(abs: number): 0 | 2 | 3 {
  return abs >= 100 ? 0 : abs >= 1 ? 2 : 3;
}

/**
 * A whole number that names the text formatUsd(usd) gives (equal numbers, equal texts), or -1
 * when the text is left to the runtime's toFixed: sentences with an amount can be shared by
 * every rig whose amount reads the same.
 */
export function usdTextKey(usd: number): number {
  const abs = Math.abs(usd);
  const digits = usdDigits(abs);
  const n = scaledRound(abs, digits);
  if (Number.isNaN(n) || n < 0 || n >= 2 ** 48) return -1;
  return (n * 4 + digits) * 2 + (usd < 0 ? 1 : 0);
}

const POWERS_OF_TEN = [1, 10, 100, 1000];

/**
 * `x.toFixed(digits)` for x >= 0 and digits 0 to 3, the same string. The plan has a few sentences
 * with amounts per rig, and the runtime's toFixed was a tenth of the explanations' time. toFixed
 * rounds the exact value of x half up; x * 10^digits can be off that value by an ulp, which only
 * matters for an amount within a hair of a tie: those, and the huge, NaN or infinite, go to toFixed.
 */
export function toFixed(x: number, digits: 0 | 1 | 2 | 3): string {
  const n = scaledRound(x, digits);
  if (Number.isNaN(n)) return x.toFixed(digits);
  if (digits === 0) return String(n);
  const scale = POWERS_OF_TEN[digits] as number;
  const units = Math.floor(n / scale);
  const decimals = String(n - units * scale);
  return `${units}.${ZEROS[digits - decimals.length]}${decimals}`;
}

/** x * 10^digits rounded half up, as toFixed writes it; NaN where toFixed must decide (see toFixed). */
function scaledRound(x: number, digits: 0 | 1 | 2 | 3): number {
  const scale = POWERS_OF_TEN[digits] as number;
  const scaled = x * scale;
  // Below these, x * scale is within 1e-10 of the exact product and n stays an exact integer.
  if (!(scaled < (digits === 0 ? 1e15 : 1e6))) return Number.NaN;
  const whole = Math.floor(scaled);
  const fraction = scaled - whole;
  if (digits > 0 && Math.abs(fraction - 0.5) < 1e-6) return Number.NaN;
  return fraction >= 0.5 ? whole + 1 : whole;
}

const ZEROS = ["", "0", "00", "000"]; // padding of the decimals, by count

/** Minutes or seconds, for sentences: "4 min", "45 s". */
export function formatDuration(seconds: number): string {
  return seconds >= 120 ? `${Math.round(seconds / 60)} min` : `${Math.round(seconds)} s`;
}
