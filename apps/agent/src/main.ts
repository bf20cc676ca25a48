#!/usr/bin/env node
/**
 * rigshift-agent: the Rigshift rig agent.
 *   rigshift-agent run [--config /etc/rigshift/agent.yaml]
 *   rigshift-agent inspect --nvidia-smi-xml FILE | --nvidia-smi-csv FILE | --cgminer FILE [--json]
 */
import { readFileSync } from "node:fs";
import { inspectCapture, type TCaptureFormat } from "@rigshift/hardware";
import { Agent } from "./agent";
import { loadConfig } from "./config";
import { createBackend, createDriver } from "./hardware";
import { jsonLogger } from "./log";

function flag(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

async function run(args: string[]) {
  const configPath = flag(args, "--config") ?? "/etc/rigshift/agent.yaml";
  const config = loadConfig(configPath);
  const log = jsonLogger({ component: "agent" });
  const backend = createBackend(config);
  const driver = createDriver(config, backend, process.env, log);
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

/** Prints what the agent would report from a captured tool output (support tickets, tests). */
function inspect(args: string[]) {
  const formats: [string, TCaptureFormat][] = [
    ["--nvidia-smi-xml", "nvidia-smi-xml"],
    ["--nvidia-smi-csv", "nvidia-smi-csv"],
    ["--cgminer", "cgminer"],
  ];
  const found = formats.find(([f]) => flag(args, f) !== undefined);
  if (!found) throw new Error("inspect needs one of --nvidia-smi-xml FILE, --nvidia-smi-csv FILE, --cgminer FILE");
  const file = flag(args, found[0])!;
  const fields = flag(args, "--query-gpu")?.split(",");
  const result = inspectCapture({ format: found[1], text: readFileSync(file, "utf8"), csvQueryFields: fields });
  if (args.includes("--json")) {
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    return;
  }
  const { inventory, snapshot } = result;
  process.stdout.write(`${inventory.kind} ${inventory.model}: ${inventory.devices.length} device(s)\n`);
  for (const d of snapshot.devices) {
    const parts = [`#${d.index}`, d.model ?? d.kind, d.tempC !== undefined ? `${d.tempC} C` : "temp n/a", d.powerW !== undefined ? `${d.powerW} W` : "power n/a"];
    if (d.vramTotalMb !== undefined) parts.push(`${d.vramUsedMb ?? "?"}/${d.vramTotalMb} MiB`);
    if (d.hashrateHs !== undefined) parts.push(`${(d.hashrateHs / 1e12).toFixed(2)} TH/s`);
    process.stdout.write(`  ${parts.join("  ")}\n`);
  }
  for (const p of snapshot.problems) process.stdout.write(`  problem: ${p.source} ${p.kind}: ${p.message}\n`);
}

async function main() {
  const [command = "help", ...args] = process.argv.slice(2);
  switch (command) {
    case "run":
      return run(args);
    case "inspect":
      return inspect(args);
    default:
      process.stdout.write(
        "usage:\n  rigshift-agent run [--config FILE]\n  rigshift-agent inspect (--nvidia-smi-xml FILE | --nvidia-smi-csv FILE [--query-gpu a,b,..] | --cgminer FILE) [--json]\n",
      );
      process.exitCode = command === "help" || command === "--help" ? 0 : 2;
  }
}

main().catch((e) => {
  process.stderr.write(`${JSON.stringify({ ts: new Date().toISOString(), level: "error", msg: (e as Error).message })}\n`);
  process.exit(1);
});
