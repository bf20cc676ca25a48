#!/usr/bin/env node
/**
 * rigshift-agent: the Rigshift rig agent. The process entry: the one place that reads the
 * environment (systemd's NOTIFY_SOCKET / WATCHDOG_USEC) and handles signals.
 *   rigshift-agent run [--config /etc/rigshift/agent.yaml]
 *   rigshift-agent install [--config PATH] [--unit-dir DIR] [--user NAME] [--dry-run]
 *   rigshift-agent inspect --nvidia-smi-xml FILE | --nvidia-smi-csv FILE | --cgminer FILE [--json]
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { inspectCapture, type TCaptureFormat } from "@rigshift/hardware";
import { Agent } from "./agent";
import { loadConfig } from "./config";
import { createBackend, createDriver } from "./hardware";
import { install, userExists } from "./install";
import { jsonLogger } from "./log";
import { MetricsServer } from "./metrics-server";
import { SdNotifier } from "./sd-notify";
import { AGENT_NODE_FLAGS, DEFAULT_CONFIG_PATH, DEFAULT_STATE_DIR } from "./unit-files";

/** Deadline for a clean shutdown (journal flush, STOPPING=1), ms; systemd's own stop timeout is 60 s. */
const SHUTDOWN_DEADLINE_MS = 15_000;

function flag(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

async function run(args: string[]) {
  const configPath = flag(args, "--config") ?? DEFAULT_CONFIG_PATH;
  const config = loadConfig(configPath);
  const log = jsonLogger({ component: "agent" });
  const backend = createBackend(config);
  const driver = createDriver(config, backend, process.env, log);
  // systemd sets WATCHDOG_PID when the watchdog is meant for one process: honour it only if that is us.
  const watchdogPid = process.env.WATCHDOG_PID ? Number(process.env.WATCHDOG_PID) : process.pid;
  // The notifier asks the agent whether it is alive (only once started); the agent tells it its status.
  const notifier = new SdNotifier({
    socket: process.env.NOTIFY_SOCKET || undefined,
    watchdogUsec: watchdogPid === process.pid ? Number(process.env.WATCHDOG_USEC) || undefined : undefined,
    pid: process.pid,
    env: process.env,
    isAlive: () => agent.reportLoopAlive(),
    log: log.child({ component: "sd-notify" }),
  });
  const agent = new Agent({ config, backend, driver, log, status: (text) => void notifier.send(`STATUS=${text}`) });

  // One handler for both signals, guarded: the first one flushes the journal and exits; a second
  // one while that runs changes nothing; a flush that cannot finish is cut off by the deadline.
  let stopping = false;
  let metrics: MetricsServer | undefined;
  const shutdown = (signal: NodeJS.Signals) => {
    if (stopping) {
      log.log("warn", "already stopping", { signal });
      return;
    }
    stopping = true;
    log.log("info", "stopping", { signal });
    setTimeout(() => {
      log.log("error", "shutdown deadline passed; exiting without a clean stop", { deadlineMs: SHUTDOWN_DEADLINE_MS });
      process.exit(1);
    }, SHUTDOWN_DEADLINE_MS).unref();
    Promise.all([notifier.stop(), agent.stop(), metrics?.stop()])
      .then(() => {
        log.log("info", "stopped", { pendingBatches: agent.pendingBatches });
        process.exit(0);
      })
      .catch((e) => {
        log.log("error", "stop failed", { error: (e as Error).message });
        process.exit(1);
      });
  };
  process.on("SIGTERM", shutdown);
  process.on("SIGINT", shutdown);

  // Before the agent starts (enrollment may wait long), so the journal and agent series show meanwhile.
  if (config.metrics) {
    const { host, port } = config.metrics.listen;
    const server = new MetricsServer({ host, port, view: () => agent.metricsView(), log: log.child({ component: "metrics" }) });
    try {
      await server.start();
      metrics = server;
      log.log("info", "metrics listening", { url: `http://${host.includes(":") ? `[${host}]` : host}:${server.port}/metrics` });
    } catch (e) {
      // A taken port costs the farm its local graphs, not the rig its telemetry and thermal guard.
      log.log("error", "metrics endpoint not started; the agent runs on without it", { listen: `${host}:${port}`, error: (e as Error).message });
    }
  }

  // READY=1 before enrollment: a rig whose control plane is away still boots, guards its GPUs
  // and journals; the watchdog then follows the enrollment retries, then the report loop.
  await agent.start({
    onReady: () => {
      if (!stopping) notifier.start();
    },
  });
  if (stopping) return;
  log.log("info", "started", { rigId: agent.rigId, controlPlane: config.controlPlaneUrl, systemd: notifier.enabled, watchdogMs: notifier.watchdogIntervalMs });
}

/** Writes the systemd unit (and a config skeleton if there is none); see install.ts. */
async function installCommand(args: string[]) {
  const configPath = path.resolve(flag(args, "--config") ?? DEFAULT_CONFIG_PATH);
  let stateDir = DEFAULT_STATE_DIR;
  if (existsSync(configPath)) {
    try {
      stateDir = path.resolve(loadConfig(configPath).stateDir);
    } catch (e) {
      process.stderr.write(`warning: ${(e as Error).message}\n(the unit assumes stateDir ${DEFAULT_STATE_DIR})\n`);
    }
  }
  const script = process.argv[1];
  if (!script) throw new Error("cannot tell which script runs the agent");
  await install({
    // The same node, flags (a TypeScript loader in development) and script as this run, with the
    // agent's footprint flags where this run did not set them.
    command: [process.execPath, ...AGENT_NODE_FLAGS.filter((f) => !process.execArgv.some((a) => a.startsWith(f.split("=")[0]!))), ...process.execArgv, path.resolve(script)],
    configPath,
    unitDir: path.resolve(flag(args, "--unit-dir") ?? "/etc/systemd/system"),
    user: flag(args, "--user"),
    dryRun: args.includes("--dry-run"),
    stateDir,
    isRoot: process.getuid?.() === 0,
    userExists,
    out: (line) => process.stdout.write(`${line}\n`),
  });
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
    case "install":
      return installCommand(args);
    default:
      process.stdout.write(
        [
          "usage:",
          "  rigshift-agent run [--config FILE]",
          "  rigshift-agent install [--config FILE] [--unit-dir DIR] [--user NAME] [--dry-run]",
          "  rigshift-agent inspect (--nvidia-smi-xml FILE | --nvidia-smi-csv FILE [--query-gpu a,b,..] | --cgminer FILE) [--json]",
          "",
        ].join("\n"),
      );
      process.exitCode = command === "help" || command === "--help" ? 0 : 2;
  }
}

main().catch((e) => {
  process.stderr.write(`${JSON.stringify({ ts: new Date().toISOString(), level: "error", msg: (e as Error).message })}\n`);
  process.exit(1);
});
