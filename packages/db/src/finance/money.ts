/** Exact decimal text of micro-USD for files and JSON: always six decimals, "-12.345600". */
export function microToDecimal(micro: bigint): string {
  // String arithmetic: on the export hot path (millions of figures), cheaper than BigInt division.
  const text = micro.toString();
  const negative = text.startsWith("-");
  const digits = (negative ? text.slice(1) : text).padStart(7, "0");
  return `${negative ? "-" : ""}${digits.slice(0, -6)}.${digits.slice(-6)}`;
}

/** Display text in whole cents (rounded half away from zero), for the printable summary: "-1,234.57". */
export function microToCents(micro: bigint): string {
  const negative = micro < 0n;
  const abs = negative ? -micro : micro;
  const cents = (abs + 5_000n) / 10_000n;
  const whole = (cents / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${negative && cents > 0n ? "-" : ""}${whole}.${(cents % 100n).toString().padStart(2, "0")}`;
}
