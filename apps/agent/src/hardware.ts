import { type CgminerBackend, createCgminerBackend, createNvidiaRigBackend, createSimulatedBackend, type HardwareBackend, type SimulatedHardware } from "@rigshift/hardware";
import type { TAgentConfig } from "./config";
import type { Logger } from "./log";
import { AsicDriver } from "./workloads/asic";
import type { WorkloadDriver } from "./workloads/driver";
import { ProcessDriver } from "./workloads/process";
import { SimulatedDriver } from "./workloads/simulated";

/** Builds the hardware backend the config names. */
export function createBackend(config: TAgentConfig): HardwareBackend {
  const hw = config.hardware;
  switch (hw.backend) {
    case "simulated":
      return createSimulatedBackend({
        kind: hw.kind,
        model: hw.model,
        deviceCount: hw.deviceCount,
        devicePowerW: hw.devicePowerW,
        vramMb: hw.vramMb,
        miningHashrateHs: hw.miningHashrateHs,
        seed: hw.seed,
      });
    case "nvidia":
      return createNvidiaRigBackend({ nvidiaSmiPath: hw.nvidiaSmiPath, timeoutMs: hw.timeoutMs });
    case "cgminer":
      return createCgminerBackend({ host: hw.host, port: hw.port, timeoutMs: hw.timeoutMs });
  }
}

/** The workload driver that fits the backend: the miner's own API for ASICs, processes for GPU rigs. */
export function createDriver(config: TAgentConfig, backend: HardwareBackend, env: Record<string, string | undefined>, log: Logger): WorkloadDriver {
  switch (config.hardware.backend) {
    case "simulated":
      return new SimulatedDriver(backend as SimulatedHardware);
    case "cgminer":
      return new AsicDriver(backend as CgminerBackend, log);
    case "nvidia":
      return new ProcessDriver({
        baseEnv: env,
        stateDir: config.stateDir,
        stopTimeoutMs: config.workloadStopTimeoutSeconds * 1000,
        workloads: config.workloads,
        log: log.child({ component: "workloads" }),
      });
  }
}
