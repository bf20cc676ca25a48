import type { TDeviceInventory, TDeviceReading, TRigKind, TRigReading, TWorkMode } from "@rigshift/protocol";

/** What the rig is, found once at start-up (and again after hardware changes). */
export interface TInventory {
  kind: TRigKind;
  /** Catalogue model: the GPU model of a GPU rig (the most common one), the ASIC model. */
  model: string;
  devices: TDeviceInventory[];
}

/** A probe that failed or misbehaved during a read; reported as an agent event, never thrown. */
export interface TProbeProblem {
  /** Which probe: "nvidia-smi", "cgminer", "systeminformation", ... */
  source: string;
  kind: "timeout" | "error" | "unparseable" | "missing";
  message: string;
}

export interface TSnapshot {
  rig: TRigReading;
  devices: TDeviceReading[];
  problems: TProbeProblem[];
}

/**
 * A source of hardware readings. `read()` never rejects: whatever a probe fails to deliver
 * is left out of the snapshot and named in `problems`, so one bad probe never stops the rest.
 */
export interface HardwareBackend {
  readonly name: string;
  inventory(): Promise<TInventory>;
  read(): Promise<TSnapshot>;
}

/** Simulated hardware also follows the workload the (simulated) rig runs. */
export interface SimulatedHardware extends HardwareBackend {
  setActivity(activity: { mode: TWorkMode; running: boolean; disabledDevices?: number[] }): void;
}
