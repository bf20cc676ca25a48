/**
 * The text of the files that put the agent on a rig: the systemd unit and the commented config
 * skeleton. Pure and shared: `rigshift-agent install`, the .deb and the tarball all write what
 * these functions return, so a rig runs the same unit whichever way the agent got there.
 */

export const UNIT_NAME = "rigshift-agent.service";
export const DEFAULT_CONFIG_PATH = "/etc/rigshift/agent.yaml";
export const DEFAULT_STATE_DIR = "/var/lib/rigshift";

/** Who writes the file, which decides what its header promises about later changes. */
export type TUnitOrigin = "install-command" | "deb" | "tarball";

const UNIT_HEADER: Record<TUnitOrigin, string> = {
  "install-command": "# Written by `rigshift-agent install`.",
  deb: "# Installed by the rigshift-agent package; an upgrade replaces this file.",
  tarball: "# Installed by the rigshift-agent tarball's install.sh; running a newer one replaces this file.",
};

const CONFIG_HEADER: Record<TUnitOrigin, string> = {
  "install-command": "# Rigshift agent configuration (written by `rigshift-agent install`; it never overwrites this file).",
  deb: "# Rigshift agent configuration (from the rigshift-agent package: a conffile, so upgrades keep your edits).",
  tarball: "# Rigshift agent configuration (written by install.sh; it never overwrites this file).",
};

/**
 * Node flags the agent runs with on a rig (the unit, the packaged wrapper). Its heap holds about
 * 7 MB live; V8's defaults size for servers. A 1 MB young generation and a 64 MB old-space
 * ceiling make it collect early instead of growing, and one V8 platform thread (not four) has
 * fewer malloc arenas to keep. V8 drops the bytecode of functions idle for a few collections; a
 * cycle every 10 s then compiled its parsers again each time: keeping it saved a quarter of the
 * agent's CPU when the parsers were fast-xml-parser's; with the flags below, letting V8 drop it
 * measured 49.1-49.2 MB and 0.32-0.35% of a core against 49.3-49.9 MB and 0.33% (at 10 s), no
 * gain either way. scripts/bench/agent.ts runs with these.
 * --no-opt --optimize-for-size: no TurboFan (fewer pages of the node binary touched, rss_file
 * 39.8 -> 36.2 MB, and no optimizing compiler's zones in malloc's heap: 2.9 MB with these flags,
 * 7.1 MB with TurboFan and fast-xml-parser), and V8's smaller-heap heuristics. They cost too much CPU while fast-xml-parser read nvidia-smi's XML
 * (1.00-1.12% of a core); with its own reader a cycle is cheap enough either way. Side by side,
 * 8 GPUs, two runs each, before -> with them:
 *   --interval 10 --duration 120: rss_steady 56.5-56.7 -> 49.2-50.1 MB, rss_max 64.5-64.6 ->
 *     51.9-52.8, cpu_pct_of_core 0.32-0.34 -> 0.30-0.33% (four runs with them);
 *   --interval 2 --duration 45: rss_steady 56.7-57.3 -> 49.5-49.8, rss_max 63.4-63.7 ->
 *     54.4-54.8, per-cycle CPU scaled to 10 s 0.18-0.22 -> 0.28-0.29%.
 * --no-opt alone: 51.1-51.2 MB (max 55.7) at 10 s, 52.4-52.5 (max 56.5-57.1) at 2 s;
 * --optimize-for-size alone: 54.4-54.9 (max 63.2-63.4) at 2 s; --single-threaded-gc: no gain
 * (57.5-58.2, max 61.5-62.0 at 2 s).
 */
export const AGENT_NODE_FLAGS = ["--max-semi-space-size=1", "--max-old-space-size=64", "--v8-pool-size=1", "--no-flush-bytecode", "--no-opt", "--optimize-for-size"] as const;
/** glibc keeps one malloc arena per thread that allocated; two are enough for the agent. */
export const AGENT_MALLOC_ARENA_MAX = "2";

/** Quotes one ExecStart argument for systemd: specifiers (%) and variables ($) are escaped, spaces quoted. */
export function systemdArg(arg: string): string {
  const escaped = arg.replaceAll("\\", "\\\\").replaceAll('"', '\\"').replaceAll("%", "%%").replaceAll("$", "$$$$");
  return /^[A-Za-z0-9_@%+=:,./$-]+$/.test(escaped) ? escaped : `"${escaped}"`;
}

export interface TUnitOptions {
  /** argv that runs the agent: [node, ...node flags, script], or a wrapper ("run --config ..." is appended). */
  command: string[];
  configPath: string;
  /** Run as this user (User=); undefined: root. */
  user?: string;
  /** The agent's journal and identity; must be writable under ProtectSystem=strict. */
  stateDir: string;
  /** Default: the install command. */
  origin?: TUnitOrigin;
}

export function renderUnit({ command, configPath, user, stateDir, origin = "install-command" }: TUnitOptions): string {
  const execStart = [...command, "run", "--config", configPath].map(systemdArg).join(" ");
  const stateDirectory = stateDir === DEFAULT_STATE_DIR ? "rigshift" : null;
  return `${UNIT_HEADER[origin]} Edit with \`systemctl edit rigshift-agent\` (a drop-in), not here.
[Unit]
Description=Rigshift rig agent (telemetry, workloads, thermal guard)
Wants=network-online.target
After=network-online.target

[Service]
# The agent says READY=1 once its journal is open and its thermal guard runs (before enrolling,
# which waits for the control plane), then pings WATCHDOG=1 every WatchdogSec/2 while enrollment
# retries or the report loop make progress; a stuck loop stops the pings and systemd restarts it.
# Messages go through systemd-notify, a child process: hence NotifyAccess=all.
Type=notify
NotifyAccess=all
WatchdogSec=60
# Start-up is local (config, journal, stopping what a previous agent left running): enrollment
# happens after READY=1, so neither boot nor \`systemctl start\` waits on the network.
TimeoutStartSec=5min
Restart=on-failure
RestartSec=5
Environment=MALLOC_ARENA_MAX=${AGENT_MALLOC_ARENA_MAX}
ExecStart=${execStart}
${user ? `# As ${user}, \`unit:\` workloads need a polkit rule that lets it run systemctl start/stop/set-environment.\nUser=${user}\nGroup=${user}\n` : "# No User=: runs as root, which starting workload units with systemctl and setting GPU power limits need.\n"}${stateDirectory ? `StateDirectory=${stateDirectory}\nStateDirectoryMode=0700\n` : ""}
# Command workloads (\`command:\` in agent.yaml) are the agent's children, in this unit's cgroup:
# stopping the agent stops them (nothing would watch their temperatures otherwise), and the
# sandbox below applies to them too. Workloads declared as \`unit:\` run in their own units.
KillMode=control-group
TimeoutStopSec=60

# Sandbox. ProtectSystem=strict makes the whole file system read-only except the paths below:
# add a command workload's own writable folders (miner logs, DAG caches, model caches) here.
ProtectSystem=strict
ReadWritePaths=${systemdArg(stateDir)}
# ReadWritePaths=/opt/miners /var/cache/models
# strict leaves /tmp read-only too; this gives the agent and its workloads a private, writable one.
PrivateTmp=true
# NoNewPrivileges: no setuid/setgid or file capabilities for the agent and its command workloads.
# It breaks a command workload that calls sudo or a setuid helper (some overclocking tools do);
# run such a workload as its own systemd unit instead, or delete this line. systemctl (for unit
# workloads) and nvidia-smi work with it.
NoNewPrivileges=true

[Install]
WantedBy=multi-user.target
`;
}

/** The placeholder the skeleton holds where the enrollment token goes (the .deb's postinst looks for it). */
export const ENROLLMENT_TOKEN_PLACEHOLDER = "paste-the-enrollment-token-here";

export function renderConfigSkeleton(origin: TUnitOrigin = "install-command"): string {
  return `${CONFIG_HEADER[origin]}
# The control plane can only choose among the workloads declared here, within the parameter
# bounds declared here.

# Where the control plane is, and a one-time enrollment token (dashboard: Settings, Rig enrollment tokens).
controlPlaneUrl: https://rigshift.example.com
enrollmentToken: "${ENROLLMENT_TOKEN_PLACEHOLDER}"
# hostname: rig-017              # default: this machine's hostname

# stateDir: /var/lib/rigshift     # journal, identity, desired state
# sampleIntervalSeconds: 10
# reportIntervalSeconds: 10
# buffer:
#   maxBytes: 67108864            # telemetry kept on disk while the control plane is away (64 MiB)

hardware:
  backend: nvidia                 # nvidia | cgminer | simulated
  # nvidiaSmiPath: nvidia-smi
  # timeoutMs: 5000
  # For an ASIC:
  # backend: cgminer
  # host: 192.168.1.50
  # port: 4028

workloads:
  - key: rvn-kawpow
    mode: MINE
    description: Ravencoin on the farm pool
    command: ["/opt/miners/run-kawpow.sh"]
    params:
      power_limit_pct: { min: 60, max: 100, default: 85 }   # reaches the command as RIGSHIFT_PARAM_POWER_LIMIT_PCT
  - key: pytorch
    mode: AI
    unit: rigshift-pytorch.service   # gets CUDA_VISIBLE_DEVICES / RIGSHIFT_JOB_IDS through systemctl set-environment
  - key: idle
    mode: IDLE

# When the control plane has been unreachable this long, run this workload (or idle: null).
fallback:
  afterSeconds: 1800
  workload: rvn-kawpow

# A GPU above gpuCriticalC is taken out of work alone, and back once below resumeBelowC (degrees C).
thermal:
  gpuCriticalC: 90
  resumeBelowC: 80
# workloadStopTimeoutSeconds: 30    # SIGTERM -> SIGKILL grace for command workloads

# Prometheus text format on http://LISTEN/metrics from the latest sample (off unless set).
# metrics:
#   listen: 127.0.0.1:9835
`;
}
