import { createSimulatedBackend, type HardwareBackend, type SimulatedHardware } from "@rigshift/hardware";
import type { TAgentConfig } from "./config";

/** Builds the hardware backend the config names. */
export function createBackend(config: TAgentConfig): HardwareBackend | SimulatedHardware {
  const hw = config.hardware;
  switch (hw.backend) {
    case "simulated":
      return createSimulatedBackend({ kind: hw.kind, model: hw.model, deviceCount: hw.deviceCount, devicePowerW: hw.devicePowerW, vramMb: hw.vramMb, miningHashrateHs: hw.miningHashrateHs, seed: hw.seed });
    default:
      throw new Error(`hardware backend "${hw.backend}" is not available in this build`);
  }
}
