/**
 * The simulated farm: runs the real agent code (enrollment, journal, HTTP delivery, reconciler)
 * for every demo rig in one process, each with simulated hardware from the catalogue and its
 * own state directory. Usage: tsx scripts/demo/farm.ts MANIFEST.json
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { Agent, createBackend, jsonLogger, parseConfig, SimulatedDriver } from "@rigshift/agent";
import { findGpuSpec, gpuModelKey, loadAsicSpecs, loadGpuMiningRates, loadGpuSpecs, type SimulatedHardware } from "@rigshift/hardware";
import { z } from "zod";

const ZManifest = z.object({
  controlPlaneUrl: z.string(),
  stateRoot: z.string(),
  reportIntervalSeconds: z.number().default(10),
  rigs: z.array(
    z.object({ hostname: z.string(), kind: z.enum(["GPU_RIG", "ASIC"]), model: z.string(), gpus: z.number(), enrollmentToken: z.string().optional(), seed: z.number() }),
  ),
});

const manifest = ZManifest.parse(JSON.parse(readFileSync(process.argv[2] ?? "", "utf8")));
const log = jsonLogger({ component: "farm" }, undefined, "warn");
const gpuSpecs = loadGpuSpecs();
const asicSpecs = loadAsicSpecs();
const rates = loadGpuMiningRates();

function hardwareFor(rig: z.infer<typeof ZManifest>["rigs"][number]) {
  if (rig.kind === "ASIC") {
    const spec = asicSpecs.find((a) => a.name === rig.model);
    if (!spec) throw new Error(`no ASIC spec for ${rig.model}`);
    const boards = 3;
    return {
      backend: "simulated" as const,
      kind: "ASIC" as const,
      model: rig.model,
      deviceCount: boards,
      devicePowerW: spec.powerW / boards,
      vramMb: 0,
      miningHashrateHs: (spec.hashrateThs * 1e12) / boards,
      seed: rig.seed,
    };
  }
  const spec = findGpuSpec(gpuSpecs, rig.model);
  if (!spec) throw new Error(`no GPU spec for ${rig.model}`);
  const rate = rates.find((r) => r.coin === "RVN" && gpuModelKey(r.model) === gpuModelKey(rig.model));
  return {
    backend: "simulated" as const,
    kind: "GPU_RIG" as const,
    model: rig.model,
    deviceCount: rig.gpus,
    devicePowerW: spec.boardPowerW,
    vramMb: Math.round((spec.memoryGb ?? 0) * 1024),
    miningHashrateHs: (rate?.hashrateMhs ?? 0) * 1e6,
    seed: rig.seed,
  };
}

function workloadsFor(kind: "GPU_RIG" | "ASIC") {
  if (kind === "ASIC") {
    return [
      { key: "btc-sha256", mode: "MINE", description: "hash to the pool (resume)", asicAction: "resume" },
      { key: "curtail", mode: "IDLE", description: "curtail hashing (sleep)", asicAction: "curtail" },
    ];
  }
  return [
    { key: "rvn-kawpow", mode: "MINE", description: "Ravencoin on the farm pool", params: { power_limit_pct: { min: 60, max: 100, default: 85 } } },
    { key: "pytorch", mode: "AI", description: "containerised PyTorch jobs" },
    { key: "idle", mode: "IDLE" },
  ];
}

const agents: Agent[] = [];
for (const rig of manifest.rigs) {
  const config = parseConfig(
    {
      controlPlaneUrl: manifest.controlPlaneUrl,
      enrollmentToken: rig.enrollmentToken,
      hostname: rig.hostname,
      stateDir: path.join(manifest.stateRoot, rig.hostname),
      sampleIntervalSeconds: manifest.reportIntervalSeconds,
      reportIntervalSeconds: manifest.reportIntervalSeconds,
      hardware: hardwareFor(rig),
      workloads: workloadsFor(rig.kind),
      fallback: { afterSeconds: 600, workload: rig.kind === "ASIC" ? "btc-sha256" : "rvn-kawpow" },
    },
    `demo rig ${rig.hostname}`,
  );
  const backend = createBackend(config) as SimulatedHardware;
  agents.push(new Agent({ config, backend, driver: new SimulatedDriver(backend), log: log.child({ rig: rig.hostname }) }));
}

// Stagger start-up over one report interval so 240 agents do not report in lock-step.
const spreadMs = (manifest.reportIntervalSeconds * 1000) / Math.max(1, agents.length);
let started = 0;
for (const [i, agent] of agents.entries()) {
  setTimeout(() => {
    agent
      .start()
      .then(() => {
        started += 1;
        if (started === agents.length) log.log("info", "all simulated agents running", { rigs: agents.length });
      })
      .catch((e) => log.log("error", "agent failed to start", { rig: manifest.rigs[i]?.hostname, error: (e as Error).message }));
  }, i * spreadMs);
}

let stopping = false;
for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.on(signal, async () => {
    if (stopping) return;
    stopping = true;
    await Promise.all(agents.map((a) => a.stop()));
    process.exit(0);
  });
}
