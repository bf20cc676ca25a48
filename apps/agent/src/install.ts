/**
 * `rigshift-agent install`: the systemd unit and, when absent, a commented config skeleton.
 * Their text comes from unit-files.ts (shared with the .deb and the tarball); install() does the
 * few side effects (files, useradd) through what it is given, and prints what it did and what
 * to run next.
 */
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { DEFAULT_STATE_DIR, renderConfigSkeleton, renderUnit, UNIT_NAME } from "./unit-files";

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
