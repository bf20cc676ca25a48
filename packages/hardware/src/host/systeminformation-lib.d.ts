/**
 * Types for the three systeminformation modules the host probe loads on their own (the package
 * declares only its index, which loads all twenty of them).
 */
declare module "systeminformation/lib/cpu.js" {
  import type { Systeminformation } from "systeminformation";
  export function currentLoad(): Promise<Systeminformation.CurrentLoadData>;
  export function cpuTemperature(): Promise<Systeminformation.CpuTemperatureData>;
}

declare module "systeminformation/lib/memory.js" {
  import type { Systeminformation } from "systeminformation";
  export function mem(): Promise<Systeminformation.MemData>;
}

declare module "systeminformation/lib/filesystem.js" {
  import type { Systeminformation } from "systeminformation";
  export function fsSize(): Promise<Systeminformation.FsSizeData[]>;
}
