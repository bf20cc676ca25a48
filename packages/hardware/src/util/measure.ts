/**
 * Readings from hardware tools arrive as text with a unit ("250.00 W", "8119 MiB", "45 C",
 * "30 %") or as one of the tools' "no value" markers. A marker or anything that is not a
 * plain finite number becomes `undefined`: never 0, never NaN.
 */

/** nvidia-smi's "no value" texts, with and without brackets (CSV uses brackets). */
const ABSENT = new Set(
  ["n/a", "not supported", "unknown error", "insufficient permissions", "requested functionality has been deprecated", "gpu is lost", "gpu requires reset", "no data", ""].flatMap(
    (text) => [text, `[${text}]`],
  ),
);

export function isAbsentText(text: string | undefined): boolean {
  return text === undefined || ABSENT.has(text.trim().toLowerCase());
}

/** Trimmed text, or undefined for a "no value" marker. */
export function presentText(text: string | undefined): string | undefined {
  return isAbsentText(text) ? undefined : text?.trim();
}

const MEASURE = /^([-+]?\d+(?:\.\d+)?)(?:\s*([A-Za-z%]+))?$/;

/**
 * The number in `text`, if `text` is a plain number optionally followed by `unit`.
 * A different unit is rejected rather than guessed at (a "GiB" must not pass as MiB).
 */
export function parseMeasure(text: string | undefined, unit?: string): number | undefined {
  if (isAbsentText(text)) return undefined;
  const match = MEASURE.exec((text as string).trim());
  if (!match) return undefined;
  const [, digits, foundUnit] = match;
  if (foundUnit !== undefined && foundUnit !== unit) return undefined;
  const value = Number(digits);
  return Number.isFinite(value) ? value : undefined;
}

/** A finite number from a JSON value that may be a number or a numeric string ("13759.68"). */
export function toFiniteNumber(value: unknown): number | undefined {
  if (typeof value === "number") return Number.isFinite(value) ? value : undefined;
  if (typeof value === "string" && value.trim() !== "") {
    const parsed = Number(value.trim());
    return Number.isFinite(parsed) ? parsed : undefined;
  }
  return undefined;
}

/** Sum of the known values; undefined when none is known. */
export function sumKnown(values: Array<number | undefined>): number | undefined {
  const known = values.filter((value): value is number => value !== undefined);
  return known.length === 0 ? undefined : known.reduce((total, value) => total + value, 0);
}

/** Largest of the known values; undefined when none is known. */
export function maxKnown(values: Array<number | undefined>): number | undefined {
  const known = values.filter((value): value is number => value !== undefined);
  return known.length === 0 ? undefined : Math.max(...known);
}
