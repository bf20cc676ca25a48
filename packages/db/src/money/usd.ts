/**
 * Money crosses the edge here. Stored values are integer micro-dollars (BigInt). Verbs return
 * dollars as JS numbers (fields suffixed `Usd`): exact to the micro-dollar up to ~9 billion
 * dollars, which is display precision. Inputs arrive as decimal text and are parsed exactly.
 */
const MICRO_PER_USD = 1_000_000n;
const USD_TEXT = /^(-)?(\d{1,12})(?:\.(\d{1,6}))?$/;

export function microToUsd(micro: bigint): number {
  return Number(micro) / 1e6;
}

export function microToUsdOrNull(micro: bigint | null | undefined): number | null {
  return micro === null || micro === undefined ? null : microToUsd(micro);
}

/** "2.5" -> 2_500_000n, exactly; null when not a plain decimal with at most 6 decimals. */
export function parseUsdToMicro(text: string | number): bigint | null {
  const match = USD_TEXT.exec(String(text).trim());
  if (!match) return null;
  const [, sign, whole, fraction = ""] = match;
  const micro = BigInt(whole!) * MICRO_PER_USD + BigInt(fraction.padEnd(6, "0"));
  return sign ? -micro : micro;
}

/** Exact decimal text of a micro-dollar amount, without trailing zeros: 2_500_000n -> "2.5". */
export function microToUsdText(micro: bigint): string {
  const negative = micro < 0n;
  const abs = negative ? -micro : micro;
  const fraction = (abs % MICRO_PER_USD).toString().padStart(6, "0").replace(/0+$/, "");
  return `${negative ? "-" : ""}${abs / MICRO_PER_USD}${fraction ? `.${fraction}` : ""}`;
}
