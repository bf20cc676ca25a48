/**
 * Where the packaged agent lives on a rig. The .deb puts it under /usr (the distribution's
 * place); the tarball's install.sh under /usr/local (the administrator's), with the unit in
 * /etc/systemd/system. Both run the same unit text, the same config skeleton and the same bundle.
 */
import { AGENT_NODE_FLAGS, DEFAULT_CONFIG_PATH, DEFAULT_STATE_DIR, renderUnit, type TUnitOrigin } from "../unit-files";

export const PACKAGE_NAME = "rigshift-agent";
/** The service user both packages create; the unit runs the agent as it. */
export const SERVICE_USER = "rigshift";

export interface TLayout {
  /** The single-file agent. */
  bundle: string;
  /** A sh wrapper that execs node on the bundle: the command people and the unit run. */
  wrapper: string;
  unit: string;
  config: string;
  stateDir: string;
}

export const DEB_LAYOUT: TLayout = {
  bundle: "/usr/lib/rigshift-agent/rigshift-agent.cjs",
  wrapper: "/usr/bin/rigshift-agent",
  unit: "/lib/systemd/system/rigshift-agent.service",
  config: DEFAULT_CONFIG_PATH,
  stateDir: DEFAULT_STATE_DIR,
};

export const TARBALL_LAYOUT: TLayout = {
  bundle: "/usr/local/lib/rigshift-agent/rigshift-agent.cjs",
  wrapper: "/usr/local/bin/rigshift-agent",
  unit: "/etc/systemd/system/rigshift-agent.service",
  config: DEFAULT_CONFIG_PATH,
  stateDir: DEFAULT_STATE_DIR,
};

/** Quotes one word for sh. */
export function shQuote(word: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", "'\\''")}'`;
}

/**
 * The wrapper script. `exec` keeps the pid: systemd's MAINPID, WATCHDOG_PID and signals reach
 * node itself. `node` is an absolute path (the unit's PATH is not the administrator's).
 */
export function renderWrapper({ node, bundle }: { node: string; bundle: string }): string {
  return `#!/bin/sh
# The Rigshift rig agent: one JavaScript file, run by Node.js 20 or newer.
exec ${shQuote(node)} ${AGENT_NODE_FLAGS.join(" ")} ${shQuote(bundle)} "$@"
`;
}

export function renderPackagedUnit(layout: TLayout, origin: TUnitOrigin): string {
  return renderUnit({ command: [layout.wrapper], configPath: layout.config, user: SERVICE_USER, stateDir: layout.stateDir, origin });
}
