import type { SimulatedHardware } from "@rigshift/hardware";
import type { TWorkloadConfig } from "../config";
import type { TStartRequest, WorkloadDriver } from "./driver";

/** Drives simulated hardware: the demo farm's rigs "run" workloads by changing their readings. */
export class SimulatedDriver implements WorkloadDriver {
  readonly excludesDevices = true;
  private running: TWorkloadConfig | null = null;

  constructor(
    private readonly hardware: SimulatedHardware,
    /** Simulated start-up time, ms. */
    private readonly startDelayMs = 200,
  ) {}

  async start({ workload, excludedDevices }: TStartRequest): Promise<void> {
    await new Promise((r) => setTimeout(r, this.startDelayMs));
    this.running = workload;
    this.hardware.setActivity({ mode: workload.mode, running: workload.mode !== "IDLE", disabledDevices: excludedDevices ?? [] });
  }

  async stop(workload: TWorkloadConfig): Promise<void> {
    if (this.running?.key === workload.key) this.running = null;
    this.hardware.setActivity({ mode: "IDLE", running: false });
  }

  async isRunning(workload: TWorkloadConfig): Promise<boolean> {
    return this.running?.key === workload.key;
  }
}
