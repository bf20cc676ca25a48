/**
 * One GPU as nvidia-smi described it. Every measurement is optional: what the driver
 * reported as "N/A" (or did not report) is absent, never 0.
 */
export interface TGpuInfo {
  uuid?: string;
  /** Product name, e.g. "NVIDIA GeForce RTX 3080". */
  name?: string;
  /** PCI bus id, e.g. "00000000:01:00.0". */
  busId?: string;
  /** Frame buffer, MiB as nvidia-smi reports it. */
  vramTotalMb?: number;
  vramUsedMb?: number;
  utilGpuPct?: number;
  utilMemPct?: number;
  tempC?: number;
  /** HBM/GDDR temperature, where the board has a sensor (data-centre parts). */
  memTempC?: number;
  /** Board power draw, W (average where the driver distinguishes average and instant). */
  powerDrawW?: number;
  /** Enforced (current) power limit, W. */
  powerLimitW?: number;
  fanPct?: number;
  graphicsClockMhz?: number;
  smClockMhz?: number;
  memClockMhz?: number;
  /** Active clock throttle / event reasons, e.g. ["sw_power_cap"]; [] when none is active. */
  throttleReasons?: string[];
  /** Uncorrected ECC errors since the driver loaded. */
  eccUncorrectedVolatile?: number;
  /** Uncorrected ECC errors over the board's lifetime. */
  eccUncorrectedAggregate?: number;
  /** Retired memory pages (single-bit + double-bit). */
  retiredPages?: number;
  /** Performance state, "P0".."P12". */
  pstate?: string;
  /** "Enabled" / "Disabled" where the GPU supports MIG. */
  migMode?: string;
}

export interface TNvidiaSmiReport {
  driverVersion?: string;
  cudaVersion?: string;
  gpus: TGpuInfo[];
}

/** nvidia-smi printed something that is not the report it was asked for. */
export class UnparseableOutputError extends Error {
  override readonly name = "UnparseableOutputError";
}
