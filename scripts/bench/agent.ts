/**
 * Footprint of the rig agent: the real agent (nvidia backend) against a fake nvidia-smi that
 * prints an 8-GPU report (a real capture's <gpu> repeated with distinct bus ids, minor numbers
 * and UUIDs) and an in-memory control plane on loopback. Prints one JSON line per figure.
 *
 *   tsx scripts/bench/agent.ts [--interval 10] [--duration 60] [--mode bundle|tsx|both] [--fixture NAME]
 *
 * --interval shortens the sample/report interval for a quicker run. cpu_pct_of_core is CPU over
 * wall time at the run's interval: the figure to compare with the target at the production 10 s.
 * cpu_per_cycle is one sample + one report.
 * Targets: < 60 MB RSS, < 1 % of a core. For comparison, `node -e 0` alone is about 41 MB RSS
 * here, 34 MB of it file pages of the node binary (rss_file).
 */
import { spawn } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { bundleAgent } from "../../apps/agent/src/bundle";
import { startFakeControlPlane } from "../../apps/agent/src/testing/fake-control-plane";
import { AGENT_MALLOC_ARENA_MAX, AGENT_NODE_FLAGS } from "../../apps/agent/src/unit-files";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const FIXTURES = path.join(ROOT, "../shared/fixtures/nvidia-smi-xml");
const PRODUCTION_INTERVAL_S = 10;
const GPUS = 8;

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
}
const intervalS = Number(arg("interval", "10"));
const durationS = Number(arg("duration", "120"));
const mode = arg("mode", "bundle");
const fixture = arg("fixture", "telegraf__rtx-3090-v12.xml");
/** Node flags: by default the ones a rig runs the agent with (the unit and the packaged wrapper). */
const nodeFlags = arg("node-flags", AGENT_NODE_FLAGS.join(" ")).split(" ").filter(Boolean);

/** An 8-GPU report from a 1-GPU capture: same GPU at 8 bus addresses. */
function eightGpuXml(xml: string): string {
  const start = xml.indexOf("<gpu id=");
  const end = xml.lastIndexOf("</gpu>") + "</gpu>".length;
  const gpu = xml.slice(start, end);
  const busId = gpu.match(/<pci_bus_id>([^<]+)<\/pci_bus_id>/)?.[1] ?? "00000000:01:00.0";
  const copies = Array.from({ length: GPUS }, (_, i) => {
    const bus = (i + 1).toString(16).padStart(2, "0").toUpperCase();
    const id = `00000000:${bus}:00.0`;
    return gpu
      .replaceAll(busId, id)
      .replace(/<gpu id="[^"]*">/, `<gpu id="${id}">`)
      .replace(/<minor_number>[^<]*<\/minor_number>/, `<minor_number>${i}</minor_number>`)
      .replace(/<uuid>[^<]*<\/uuid>/, `<uuid>GPU-bench000-0000-0000-0000-00000000000${i}</uuid>`)
      .replace(/<pci_bus>[^<]*<\/pci_bus>/, `<pci_bus>${bus}</pci_bus>`);
  });
  return `${xml.slice(0, start).replace(/<attached_gpus>\d+<\/attached_gpus>/, `<attached_gpus>${GPUS}</attached_gpus>`)}${copies.join("\n\t")}${xml.slice(end)}`;
}

/** utime+stime and cutime+cstime of a process, ms; VmRSS / VmHWM, MB. */
function procFigures(pid: number, ticksPerS: number) {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const ms = (...ix: number[]) => (ix.reduce((a, i) => a + Number(f[i]), 0) * 1000) / ticksPerS;
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (key: string) => Number(status.match(new RegExp(`^${key}:\\s+(\\d+) kB`, "m"))?.[1] ?? 0);
  return { cpuMs: ms(11, 12), childCpuMs: ms(13, 14), rssMb: kb("VmRSS") / 1024, hwmMb: kb("VmHWM") / 1024, anonMb: kb("RssAnon") / 1024, fileMb: kb("RssFile") / 1024 };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;

async function runOnce(kind: "bundle" | "tsx", dir: string, fakeSmi: string) {
  const cp = await startFakeControlPlane({ desired: null });
  const stateDir = mkdtempSync(path.join(dir, `state-${kind}-`));
  const config = path.join(dir, `agent-${kind}.yaml`);
  writeFileSync(
    config,
    [
      `controlPlaneUrl: ${cp.url}`,
      "enrollmentToken: bench-enrollment-token-0000",
      `stateDir: ${stateDir}`,
      `sampleIntervalSeconds: ${intervalS}`,
      `reportIntervalSeconds: ${intervalS}`,
      "hardware:",
      "  backend: nvidia",
      `  nvidiaSmiPath: ${fakeSmi}`,
      "",
    ].join("\n"),
  );
  // Heap figures come from inside the process: a preload prints process.memoryUsage() to stderr.
  const preload = path.join(dir, "heap-probe.cjs");
  writeFileSync(preload, `setInterval(() => process.stderr.write("BENCH " + JSON.stringify(process.memoryUsage()) + "\\n"), 1000).unref();\n`);
  let argv: string[];
  if (kind === "bundle") {
    const bundle = path.join(dir, "rigshift-agent.cjs");
    await bundleAgent(bundle);
    argv = [...nodeFlags, "-r", preload, bundle, "run", "--config", config];
  } else {
    argv = [...nodeFlags, "-r", preload, "--import", "tsx", path.join(ROOT, "apps/agent/src/main.ts"), "run", "--config", config];
  }
  const child = spawn(process.execPath, argv, {
    cwd: kind === "bundle" ? dir : ROOT,
    env: { PATH: process.env.PATH, MALLOC_ARENA_MAX: process.env.MALLOC_ARENA_MAX ?? AGENT_MALLOC_ARENA_MAX },
    stdio: ["ignore", "ignore", "pipe"],
  });
  const heaps: number[] = [];
  let errors = "";
  child.stderr.on("data", (d: Buffer) => {
    for (const line of d.toString().split("\n")) {
      if (line.startsWith("BENCH ")) heaps.push((JSON.parse(line.slice(6)) as { heapUsed: number }).heapUsed / 2 ** 20);
      else if (line.trim()) errors += `${line}\n`;
    }
  });
  const ticksPerS = 100; // Linux USER_HZ
  const samplesStored = () => cp.rigs.get(1)?.samples.length ?? 0;
  // Warm-up: enrollment, first cycles, JIT.
  const warmupS = Math.min(10, durationS / 4);
  await sleep(warmupS * 1000);
  const start = { ...procFigures(child.pid!, ticksPerS), samples: samplesStored(), at: Date.now() };
  const rss: number[] = [];
  const anon: number[] = [];
  let fileMb = 0;
  while (Date.now() - start.at < (durationS - warmupS) * 1000) {
    await sleep(1000);
    const now = procFigures(child.pid!, ticksPerS);
    rss.push(now.rssMb);
    anon.push(now.anonMb);
    fileMb = now.fileMb;
  }
  const end = { ...procFigures(child.pid!, ticksPerS), samples: samplesStored(), at: Date.now() };
  child.kill("SIGTERM");
  await new Promise((r) => child.once("exit", r));
  await cp.close();
  if (end.samples === 0) throw new Error(`the agent delivered nothing:\n${errors}`);

  const cycles = end.samples - start.samples;
  const cpuMsPerCycle = (end.cpuMs - start.cpuMs) / cycles;
  const childMsPerCycle = (end.childCpuMs - start.childCpuMs) / cycles;
  const base = { bench: "agent", mode: kind, nodeFlags: nodeFlags.join(" "), gpus: GPUS, intervalS, cycles };
  const figures: [string, number, string][] = [
    ["rss_max", round(end.hwmMb), "MB"],
    ["rss_steady", round(median(rss.slice(Math.floor(rss.length / 2)))), "MB"],
    // RSS = the agent's own memory (anonymous) + pages of the node binary and libraries it maps (file, shared).
    ["rss_anon_steady", round(median(anon.slice(Math.floor(anon.length / 2)))), "MB"],
    ["rss_file", round(fileMb), "MB (node binary and libraries, shared with other node processes)"],
    ["cpu_per_cycle", round(cpuMsPerCycle), "ms"],
    // CPU over wall time: it includes what the agent spends between cycles (V8's idle-time GC and
    // recompiling what it flushed), which a per-cycle figure at a shorter interval would hide.
    ["cpu_pct_of_core", round(((end.cpuMs - start.cpuMs) / (end.at - start.at)) * 100, 2), `% (at a ${intervalS} s interval)`],
    ["cpu_pct_of_core_at_10s_from_cycles", round((cpuMsPerCycle / (PRODUCTION_INTERVAL_S * 1000)) * 100, 2), "% (per-cycle CPU scaled to 10 s: a floor at shorter intervals)"],
    ["child_cpu_per_cycle", round(childMsPerCycle), "ms (fake nvidia-smi + host probes: not the agent's own)"],
    ["heap_used_max", round(Math.max(...heaps)), "MB"],
    ["heap_used_steady", round(median(heaps.slice(Math.floor(heaps.length / 2)))), "MB"],
  ];
  for (const [figure, value, unit] of figures) console.log(JSON.stringify({ ...base, figure, value, unit }));
}

const dir = mkdtempSync(path.join(tmpdir(), "rigshift-bench-agent-"));
const xml = path.join(dir, "nvidia-smi-8gpu.xml");
writeFileSync(xml, eightGpuXml(readFileSync(path.join(FIXTURES, fixture), "utf8")));
const fakeSmi = path.join(dir, "nvidia-smi");
writeFileSync(fakeSmi, `#!/bin/sh\ncat '${xml}'\n`);
chmodSync(fakeSmi, 0o755);
for (const kind of mode === "both" ? (["bundle", "tsx"] as const) : [mode as "bundle" | "tsx"]) await runOnce(kind, dir, fakeSmi);
