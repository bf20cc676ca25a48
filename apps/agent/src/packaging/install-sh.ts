/**
 * install.sh, the tarball's installer for distributions without dpkg. POSIX sh; running it
 * again upgrades in place. It installs what the tarball carries (bundle, unit, config skeleton,
 * wrapper template) into TARBALL_LAYOUT, never overwrites an existing config, and with DESTDIR
 * stages everything under another root without touching users or systemd (packagers, tests).
 */
import { UNIT_NAME } from "../unit-files";
import { SERVICE_USER, TARBALL_LAYOUT } from "./layout";

/** The wrapper template's placeholder for the node install.sh finds. */
export const NODE_PLACEHOLDER = "@NODE@";
/** What the tarball's folder holds, by name. */
export const TARBALL_FILES = {
  installer: "install.sh",
  bundle: "rigshift-agent.cjs",
  wrapperTemplate: "rigshift-agent.in",
  unit: UNIT_NAME,
  config: "agent.yaml",
  readme: "README",
  copyright: "COPYRIGHT",
} as const;

const dirOf = (p: string) => p.slice(0, p.lastIndexOf("/"));

export function renderInstallSh(): string {
  const L = TARBALL_LAYOUT;
  const F = TARBALL_FILES;
  return `#!/bin/sh
# Installs the Rigshift rig agent from this folder on a Linux with systemd and Node.js 20 or
# newer (on Debian and Ubuntu, prefer the .deb). Running it again upgrades in place.
#   sudo ./install.sh                       install or upgrade; creates the ${SERVICE_USER} user
#   sudo NODE=/opt/node/bin/node ./install.sh   the node that runs the agent (default: node on PATH)
#   DESTDIR=/tmp/stage ./install.sh         stage the files under another root: no user, no systemctl
# It never overwrites ${L.config}.
set -eu

here=$(CDPATH='' cd -- "$(dirname -- "$0")" && pwd)
root=\${DESTDIR:-}
user=${SERVICE_USER}
unit=${UNIT_NAME}
bundle=${L.bundle}
wrapper=${L.wrapper}
unit_file=${L.unit}
config=${L.config}
state_dir=${L.stateDir}

die() { echo "install.sh: $*" >&2; exit 1; }
say() { echo "install.sh: $*"; }

# Node.js >= 20, by absolute path: the unit runs with systemd's PATH, not this shell's.
node=\${NODE:-$(command -v node || true)}
[ -n "$node" ] || die "Node.js not found: install Node.js 20 or newer, or set NODE=/path/to/node"
case $node in
/*) ;;
*) die "NODE must be an absolute path: $node" ;;
esac
case $node in
*[!A-Za-z0-9_./+@%=:,-]*) die "cannot use a node path with spaces or shell characters in it: $node" ;;
esac
version=$("$node" -e 'process.stdout.write(process.versions.node)' 2>/dev/null) || die "$node does not run"
major=\${version%%.*}
case $major in
'' | *[!0-9]*) die "cannot tell which Node.js $node is (it says: $version)" ;;
esac
[ "$major" -ge 20 ] || die "Node.js $version ($node) is too old: the agent needs 20 or newer"

if [ -z "$root" ]; then
  [ "$(id -u)" = 0 ] || die "run as root (or set DESTDIR to stage the files elsewhere)"
  if ! id "$user" >/dev/null 2>&1; then
    useradd --system --user-group --no-create-home --home-dir "$state_dir" --shell /usr/sbin/nologin "$user"
    say "created system user $user"
  fi
fi

# Bundle and wrapper: written beside their target and renamed over it, so a restart never
# finds half a file.
install -d -m 0755 "$root${dirOf(L.bundle)}" "$root${dirOf(L.wrapper)}" "$root${dirOf(L.unit)}"
install -m 0644 "$here/${F.bundle}" "$root$bundle.new"
mv -f "$root$bundle.new" "$root$bundle"
sed "s|${NODE_PLACEHOLDER}|$node|" "$here/${F.wrapperTemplate}" >"$root$wrapper.new"
chmod 0755 "$root$wrapper.new"
mv -f "$root$wrapper.new" "$root$wrapper"
install -m 0644 "$here/${F.unit}" "$root$unit_file"
say "installed $bundle, $wrapper (node: $node $version) and $unit_file"

if [ -e "$root$config" ]; then
  say "$config exists: left as it is"
else
  install -d -m 0755 "$root${dirOf(L.config)}"
  # 0640 (it will hold the enrollment token); noclobber: never overwrite, even in a race.
  (umask 027 && set -C && cat "$here/${F.config}" >"$root$config")
  if [ -z "$root" ]; then chgrp "$user" "$config"; fi
  say "wrote $config: edit controlPlaneUrl, enrollmentToken and workloads"
fi

install -d -m 0700 "$root$state_dir"
if [ -z "$root" ]; then chown "$user:$user" "$state_dir"; fi

if [ -z "$root" ] && [ -d /run/systemd/system ]; then
  systemctl daemon-reload
  if systemctl is-active --quiet "$unit"; then
    systemctl --no-block restart "$unit"
    say "restarted $unit"
  else
    say "next: edit $config, then run: systemctl enable --now $unit"
  fi
elif [ -z "$root" ]; then
  say "systemd is not running here: start the agent with $wrapper run --config $config"
fi
`;
}

export function renderTarballReadme(version: string): string {
  return `Rigshift rig agent ${version}

  sudo ./install.sh            install or upgrade (needs Node.js 20 or newer and systemd)

Then edit ${TARBALL_LAYOUT.config} (controlPlaneUrl, enrollmentToken, workloads) and run
  sudo systemctl enable --now ${UNIT_NAME}

Files: ${TARBALL_FILES.bundle} (the agent, one file run by node), ${TARBALL_FILES.unit} (systemd unit),
${TARBALL_FILES.config} (config skeleton), ${TARBALL_FILES.wrapperTemplate} (the ${TARBALL_LAYOUT.wrapper} wrapper).
The install guide, with every config key: docs/agent-install.md in the Rigshift repository.
`;
}
