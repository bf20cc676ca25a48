#!/usr/bin/env node
/**
 * rigshift-agent: the Rigshift rig agent.
 *   rigshift-agent run [--config /etc/rigshift/agent.yaml]
 */
import type { SimulatedHardware } from "@rigshift/hardware";
import { Agent } from "./agent";
import { loadConfig } from "./config";
import { createBackend } from "./hardware";
import { jsonLogger } from "./log";
import { ProcessDriver } from "./workloads/process";
import { SimulatedDriver } from "./workloads/simulated";

function flag(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

async function run(args: string[]) {
  const configPath = flag(args, "--config") ?? "/etc/rigshift/agent.yaml";
  const config = loadConfig(configPath);
  const log = jsonLogger({ component: "agent" });
  const backend = createBackend(config);
  const driver = config.hardware.backend === "simulated" ? new SimulatedDriver(backend as SimulatedHardware) : new ProcessDriver();
  const agent = new Agent({ config, backend, driver, log });
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.log("info", "stopping", { signal });
    await agent.stop();
    process.exit(0);
  };
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));
  await agent.start();
  log.log("info", "started", { rigId: agent.rigId, controlPlane: config.controlPlaneUrl });
}

async function main() {
  const [command = "help", ...args] = process.argv.slice(2);
  switch (command) {
    case "run":
      return run(args);
    default:
      process.stdout.write("usage: rigshift-agent run [--config FILE]\n");
      process.exitCode = command === "help" || command === "--help" ? 0 : 2;
  }
}

main().catch((e) => {
  process.stderr.write(`${JSON.stringify({ ts: new Date().toISOString(), level: "error", msg: (e as Error).message })}\n`);
  process.exit(1);
});
