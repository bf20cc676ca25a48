/**
 * Thermal guard: a device above its critical temperature is taken out of work on its own (the
 * rest of the rig keeps working), and put back once it has cooled below the resume threshold.
 * The gap between the two is hysteresis: a GPU hovering at the limit does not flap.
 * A temperature the hardware did not report (N/A, a probe that timed out) changes nothing:
 * it is neither 0 C nor hot, so a tripped device stays out until it reads cool.
 */
import path from "node:path";
import type { TDeviceReading } from "@rigshift/protocol";
import * as z from "zod";
import { readJsonFile, writeJsonFile } from "./identity";
import type { Logger } from "./log";
import type { TEmit } from "./reconciler";

export interface TThermalLimits {
  /** Above this a device is taken out of work, degrees C. */
  gpuCriticalC: number;
  /** Below this a tripped device goes back to work, degrees C. */
  resumeBelowC: number;
}

export interface TThermalChange {
  index: number;
  tempC: number;
}

/** A GPU's core temperature; a hashboard's hottest chip, or its board sensor when chips are not reported. */
export function deviceTempC(device: TDeviceReading): number | undefined {
  const t = device.kind === "HASHBOARD" ? (device.chipTempC ?? device.tempC) : device.tempC;
  return t !== undefined && Number.isFinite(t) ? t : undefined;
}

/** One step of the guard: pure, from the devices out of work now and one reading to the next set. */
export function thermalStep(input: { excluded: readonly number[]; devices: readonly TDeviceReading[]; limits: TThermalLimits }): {
  excluded: number[];
  trips: TThermalChange[];
  resumes: TThermalChange[];
} {
  const excluded = new Set(input.excluded);
  const trips: TThermalChange[] = [];
  const resumes: TThermalChange[] = [];
  for (const device of input.devices) {
    const tempC = deviceTempC(device);
    if (tempC === undefined) continue;
    if (!excluded.has(device.index) && tempC > input.limits.gpuCriticalC) {
      excluded.add(device.index);
      trips.push({ index: device.index, tempC });
    } else if (excluded.has(device.index) && tempC < input.limits.resumeBelowC) {
      excluded.delete(device.index);
      resumes.push({ index: device.index, tempC });
    }
  }
  return { excluded: [...excluded].sort((a, b) => a - b), trips, resumes };
}

const ZThermalState = z.object({ excluded: z.array(z.number().int().min(0).max(255)).max(256) });

export interface TThermalGuardOptions {
  limits: TThermalLimits;
  /** False when the workload driver cannot leave one device out (an ASIC over the cgminer API): trips are reported only. */
  canExclude: boolean;
  /** Keeps the tripped devices across an agent restart (a hot GPU is not handed back to work by a restart). */
  stateFile: string;
  emit: TEmit;
  log: Logger;
}

export class ThermalGuard {
  private out: number[] = [];
  /** Trips since start (for the metrics endpoint). */
  trips = 0;

  constructor(private readonly options: TThermalGuardOptions) {}

  static stateFile(stateDir: string) {
    return path.join(stateDir, "thermal.json");
  }

  start(): void {
    this.out = readJsonFile(this.options.stateFile, ZThermalState)?.excluded ?? [];
  }

  /** Devices out of work now, sorted. */
  excluded(): number[] {
    return this.out;
  }

  /** Looks at one reading; emits a trip or resume event per change. Returns true when the set changed. */
  observe(devices: readonly TDeviceReading[]): boolean {
    const { limits, canExclude, emit, log } = this.options;
    const step = thermalStep({ excluded: this.out, devices, limits });
    const kind = (index: number) => (devices.find((d) => d.index === index)?.kind === "HASHBOARD" ? "hashboard" : "GPU");
    for (const t of step.trips) {
      const action = canExclude ? "taken out of work" : "reported only: this rig's miner API cannot stop one board, its firmware's own protection applies";
      emit("thermal.trip", "CRITICAL", `${kind(t.index)} ${t.index} at ${t.tempC} C is above ${limits.gpuCriticalC} C: ${action}`, {
        device: t.index,
        tempC: t.tempC,
        limitC: limits.gpuCriticalC,
        excluded: canExclude,
      });
      log.log("warn", "thermal trip", { device: t.index, tempC: t.tempC, limitC: limits.gpuCriticalC, excluded: canExclude });
    }
    for (const r of step.resumes) {
      emit("thermal.resume", "INFO", `${kind(r.index)} ${r.index} cooled to ${r.tempC} C (below ${limits.resumeBelowC} C): back to work`, {
        device: r.index,
        tempC: r.tempC,
        resumeBelowC: limits.resumeBelowC,
      });
      log.log("info", "thermal resume", { device: r.index, tempC: r.tempC });
    }
    this.trips += step.trips.length;
    if (!step.trips.length && !step.resumes.length) return false;
    this.out = step.excluded;
    try {
      writeJsonFile(this.options.stateFile, { excluded: this.out });
    } catch (e) {
      log.log("warn", "could not save the thermal state", { error: (e as Error).message });
    }
    return true;
  }
}
