/**
 * The rig's local configuration (/etc/rigshift/agent.yaml). It is the rig's own word on what
 * may run here: the control plane can only choose among `workloads`, with parameters inside
 * the bounds declared here.
 */
import { readFileSync } from "node:fs";
import { ZHostname, ZWorkloadKey, ZWorkMode } from "@rigshift/protocol";
import { parse as parseYaml } from "yaml";
import * as z from "zod";

const ZParam = z
  .object({ min: z.number().finite(), max: z.number().finite(), default: z.number().finite() })
  .refine((p) => p.min <= p.default && p.default <= p.max, "need min <= default <= max");

export const ZWorkloadConfig = z.object({
  key: ZWorkloadKey,
  mode: ZWorkMode,
  description: z.string().max(200).optional(),
  /** A systemd unit to start/stop (preferred), or a command line run by the agent. */
  unit: z
    .string()
    .regex(/^[A-Za-z0-9@._-]+\.service$/, "a systemd .service unit name")
    .optional(),
  command: z.array(z.string()).min(1).optional(),
  /** Parameters the control plane may set; passed as RIGSHIFT_PARAM_<NAME> environment variables. */
  params: z.record(z.string().regex(/^[a-z][a-z0-9_]*$/), ZParam).default({}),
  /** For ASICs: "mine" resumes hashing, "idle" curtails, through the miner's own API. */
  asicAction: z.enum(["resume", "curtail"]).optional(),
});
export type TWorkloadConfig = z.infer<typeof ZWorkloadConfig>;

export const ZHardwareConfig = z.discriminatedUnion("backend", [
  z.object({ backend: z.literal("nvidia"), nvidiaSmiPath: z.string().default("nvidia-smi"), timeoutMs: z.number().int().positive().default(5000) }),
  z.object({
    backend: z.literal("cgminer"),
    host: z.string(),
    port: z.number().int().default(4028),
    timeoutMs: z.number().int().positive().default(5000),
    model: z.string().optional(),
  }),
  z.object({
    backend: z.literal("simulated"),
    kind: z.enum(["GPU_RIG", "ASIC"]),
    model: z.string(),
    deviceCount: z.number().int().min(1).max(64),
    devicePowerW: z.number().positive(),
    vramMb: z.number().int().min(0).default(0),
    miningHashrateHs: z.number().min(0),
    seed: z.number().int().default(1),
  }),
]);

/**
 * "host:port" for a local listener; an IPv6 host goes in brackets ("[::1]:9835"). Port 0 takes
 * any free port (tests). Parsed to { host, port }.
 */
export const ZListenAddress = z.string().transform((text, ctx) => {
  const m = /^(?:\[([0-9A-Fa-f:.]+)\]|([A-Za-z0-9.-]+)):(\d{1,5})$/.exec(text);
  const port = m ? Number(m[3]) : Number.NaN;
  if (!m || port > 65_535) {
    ctx.addIssue({ code: "custom", message: 'expected "host:port", e.g. "127.0.0.1:9835" or "[::1]:9835"' });
    return z.NEVER;
  }
  return { host: (m[1] ?? m[2]) as string, port };
});

export const ZAgentConfig = z.object({
  controlPlaneUrl: z.url(),
  /** Used once, on first start; the rig token that replaces it is kept in stateDir. */
  enrollmentToken: z.string().optional(),
  hostname: ZHostname.optional(),
  stateDir: z.string().default("/var/lib/rigshift"),
  /** Seconds between hardware readings. */
  sampleIntervalSeconds: z.number().min(1).max(3600).default(10),
  /** Seconds between deliveries to the control plane (batches carry every sample since the last). */
  reportIntervalSeconds: z.number().min(1).max(3600).default(10),
  requestTimeoutMs: z.number().int().min(500).max(120_000).default(10_000),
  buffer: z
    .object({
      maxBytes: z
        .number()
        .int()
        .min(64 * 1024)
        .default(64 * 1024 * 1024),
    })
    .default({ maxBytes: 64 * 1024 * 1024 }),
  hardware: ZHardwareConfig,
  workloads: z.array(ZWorkloadConfig).max(64).default([]),
  /** When the control plane has been unreachable this long, fall back to this workload (key) or idle. */
  fallback: z.object({ afterSeconds: z.number().int().min(60).default(1800), workload: ZWorkloadKey.nullable().default(null) }).default({ afterSeconds: 1800, workload: null }),
  /**
   * Thermal guard, degrees C: a GPU (or hashboard, by its hottest chip) above gpuCriticalC is
   * taken out of work on its own, and put back once it reads below resumeBelowC.
   */
  thermal: z
    .object({ gpuCriticalC: z.number().min(40).max(120).default(90), resumeBelowC: z.number().min(30).max(110).default(80) })
    .refine((t) => t.resumeBelowC < t.gpuCriticalC, "resumeBelowC must be below gpuCriticalC (hysteresis)")
    .default({ gpuCriticalC: 90, resumeBelowC: 80 }),
  /** Seconds a command workload gets to exit after SIGTERM before its process group is killed. */
  workloadStopTimeoutSeconds: z.number().int().min(1).max(600).default(30),
  /** Prometheus text format on http://listen/metrics from the latest sample; absent: no listener. */
  metrics: z.object({ listen: ZListenAddress }).optional(),
});
export type TAgentConfig = z.infer<typeof ZAgentConfig>;

export function parseConfig(raw: unknown, source = "config"): TAgentConfig {
  const parsed = ZAgentConfig.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".") || "(root)"}: ${i.message}`);
    throw new Error(`${source} is invalid:\n${lines.join("\n")}`);
  }
  if (parsed.data.hardware.backend !== "simulated") {
    for (const w of parsed.data.workloads) {
      if (w.mode !== "IDLE" && !w.unit && !w.command && !w.asicAction)
        throw new Error(`${source} is invalid:\n  workloads.${w.key}: a ${w.mode} workload needs \`unit\`, \`command\` or \`asicAction\``);
    }
  }
  const keys = new Set<string>();
  for (const w of parsed.data.workloads) {
    if (keys.has(w.key)) throw new Error(`${source} is invalid:\n  workloads: key "${w.key}" appears twice`);
    keys.add(w.key);
  }
  return parsed.data;
}

export function loadConfig(path: string): TAgentConfig {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw new Error(`cannot read agent config ${path}: ${(e as Error).message}`);
  }
  return parseConfig(parseYaml(text), path);
}
