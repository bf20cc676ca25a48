/**
 * ASIC workloads through the miner's own API: "mine" resumes hashing, "idle" curtails it
 * (pause / sleep, whatever the firmware offers). A firmware that cannot do it gets a clear
 * error, which the reconciler reports as a failed switch: never a silent no-op.
 */
import type { CgminerBackend } from "@rigshift/hardware";
import type { TWorkloadConfig } from "../config";
import type { Logger } from "../log";
import type { TStartRequest, WorkloadDriver } from "./driver";

export class AsicDriver implements WorkloadDriver {
  private hashing: boolean | null = null;

  constructor(
    private readonly miner: CgminerBackend,
    private readonly log: Logger,
  ) {}

  async start({ workload }: TStartRequest): Promise<void> {
    const kind = workload.asicAction === "curtail" ? "pause" : "resume";
    const result = await this.miner.control({ kind });
    this.hashing = kind === "resume";
    this.log.log("info", "miner command sent", { workload: workload.key, command: kind, result: JSON.stringify(result).slice(0, 300) });
  }

  async stop(workload: TWorkloadConfig): Promise<void> {
    // Stopping "mine" means curtailing; stopping "curtail" needs nothing: the next start resumes.
    if (workload.asicAction === "resume") {
      await this.miner.control({ kind: "pause" });
      this.hashing = false;
    }
  }

  async isRunning(workload: TWorkloadConfig): Promise<boolean> {
    if (workload.asicAction === "curtail") return this.hashing === false;
    if (workload.asicAction === "resume") return this.hashing === true;
    return false;
  }
}
