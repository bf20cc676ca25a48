/**
 * `rigshift-agent install`: the systemd unit and, when absent, a commented config skeleton.
 * Rendering is pure (tested as text); install() does the few side effects (files, useradd)
 * through what it is given, and prints what it did and what to run next.
 */
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";

export const UNIT_NAME = "rigshift-agent.service";
export const DEFAULT_CONFIG_PATH = "/etc/rigshift/agent.yaml";
export const DEFAULT_STATE_DIR = "/var/lib/rigshift";

/** Quotes one ExecStart argument for systemd: specifiers (%) and variables ($) are escaped, spaces quoted. */
export function systemdArg(arg: string): string {
  const escaped = arg.replaceAll("\\", "\\\\").replaceAll('"', '\\"').replaceAll("%", "%%").replaceAll("$", "$$$$");
  return /^[A-Za-z0-9_@%+=:,./$-]+$/.test(escaped) ? escaped : `"${escaped}"`;
}

export interface TUnitOptions {
  /** argv that runs the agent: [node, ...node flags, script] ("run --config ..." is appended). */
  command: string[];
  configPath: string;
  /** Run as this user (User=); undefined: root. */
  user?: string;
  /** The agent's journal and identity; must be writable under ProtectSystem=strict. */
  stateDir: string;
}

export function renderUnit({ command, configPath, user, stateDir }: TUnitOptions): string {
  const execStart = [...command, "run", "--config", configPath].map(systemdArg).join(" ");
  const stateDirectory = stateDir === DEFAULT_STATE_DIR ? "rigshift" : null;
  return `# Written by \`rigshift-agent install\`. Edit with \`systemctl edit rigshift-agent\` (a drop-in), not here.
[Unit]
Description=Rigshift rig agent (telemetry, workloads, thermal guard)
Wants=network-online.target
After=network-online.target

[Service]
# The agent says READY=1 once enrolled and started, then pings WATCHDOG=1 every WatchdogSec/2
# while its report loop makes progress; a stuck loop stops the pings and systemd restarts it.
# Messages go through systemd-notify, a child process: hence NotifyAccess=all.
Type=notify
NotifyAccess=all
WatchdogSec=60
# The first start may wait for enrollment (retried with backoff until the control plane answers).
TimeoutStartSec=infinity
Restart=on-failure
RestartSec=5
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

export function renderConfigSkeleton(): string {
  return `# Rigshift agent configuration (written by \`rigshift-agent install\`; it never overwrites this file).
# The control plane can only choose among the workloads declared here, within the parameter
# bounds declared here.

# Where the control plane is, and the one-time token from its "Enroll a rig" page.
controlPlaneUrl: https://rigshift.example.com
enrollmentToken: "paste-the-enrollment-token-here"
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
`;
}

export interface TInstallOptions {
  command: string[];
  configPath: string;
  /** Where the unit goes; default /etc/systemd/system. */
  unitDir: string;
  user?: string;
  /** Print what would be written and done; write and run nothing. */
  dryRun: boolean;
  /** The state directory the config names (if the config exists), for ReadWritePaths. */
  stateDir: string;
  isRoot: boolean;
  userExists: (user: string) => Promise<boolean>;
  /** Runs a command (useradd); injectable for tests. */
  exec?: (file: string, args: string[]) => Promise<void>;
  out: (line: string) => void;
}

const execFileAsync = promisify(execFile);

export async function userExists(user: string): Promise<boolean> {
  try {
    await execFileAsync("id", ["-u", user], { timeout: 5_000 });
    return true;
  } catch {
    return false;
  }
}

export async function install(options: TInstallOptions): Promise<{ unitPath: string; configWritten: boolean; userCreated: boolean }> {
  const { configPath, unitDir, user, dryRun, out } = options;
  const exec = options.exec ?? (async (file, args) => void (await execFileAsync(file, args, { timeout: 30_000 })));
  const unitPath = path.join(unitDir, UNIT_NAME);
  const unit = renderUnit({ command: options.command, configPath, user, stateDir: options.stateDir });
  const configExists = existsSync(configPath);

  let userCreated = false;
  if (user && !(await options.userExists(user))) {
    const useradd = ["--system", "--no-create-home", "--home-dir", options.stateDir, "--shell", "/usr/sbin/nologin", user];
    if (dryRun) out(`would run: useradd ${useradd.join(" ")}`);
    else if (!options.isRoot) throw new Error(`user "${user}" does not exist, and only root can create it: run as root, or create it first`);
    else {
      await exec("useradd", useradd);
      userCreated = true;
      out(`created system user ${user}`);
    }
  }

  if (dryRun) {
    out(`would write ${unitPath}:`);
    out(unit);
    out(configExists ? `${configPath} exists: left as it is` : `would write ${configPath} (config skeleton)`);
    return { unitPath, configWritten: false, userCreated };
  }

  if (options.stateDir !== DEFAULT_STATE_DIR) {
    // StateDirectory= only manages the default; ReadWritePaths= needs the folder to exist.
    mkdirSync(options.stateDir, { recursive: true, mode: 0o700 });
    if (user && options.isRoot) await exec("chown", [`${user}:`, options.stateDir]);
  }
  mkdirSync(unitDir, { recursive: true });
  writeFileSync(unitPath, unit, { mode: 0o644 });
  out(`wrote ${unitPath}`);
  let configWritten = false;
  if (!configExists) {
    mkdirSync(path.dirname(configPath), { recursive: true, mode: 0o755 });
    // 0640: it will hold the enrollment token. flag "wx": never overwrite, even in a race.
    writeFileSync(configPath, renderConfigSkeleton(), { mode: 0o640, flag: "wx" });
    // The agent's user reads it through the group; only root writes it.
    if (user && options.isRoot) await exec("chgrp", [user, configPath]);
    configWritten = true;
    out(`wrote ${configPath}: edit controlPlaneUrl, enrollmentToken and workloads`);
  } else {
    out(`${configPath} exists: left as it is`);
  }
  out(`next: systemctl daemon-reload && systemctl enable --now ${UNIT_NAME}`);
  return { unitPath, configWritten, userCreated };
}
