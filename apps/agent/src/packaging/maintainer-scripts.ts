/**
 * The .deb's maintainer scripts (POSIX sh, run by dpkg as root). Paths are prefixed with
 * $DPKG_ROOT, which dpkg sets to the root it installs into (empty on a live system); tests use
 * it to run the scripts against a temporary folder.
 *
 * - postinst configure: the `rigshift` system user, /var/lib/rigshift owned by it, the config
 *   readable by its group; then systemd: daemon-reload, and restart the agent if the service is
 *   enabled (an upgrade). A first install enables and starts it only if the config was already
 *   filled in (provisioned before the package); the skeleton's placeholder token means "not
 *   yet", and starting then would try to enroll with an example URL. Starts are --no-block: the
 *   first start waits for enrollment, which must never hold dpkg.
 * - prerm remove: stops the agent (and, through its cgroup, its command workloads).
 * - postrm purge: removes the state (the rig's identity and unsent telemetry), the user and the
 *   enablement link that the removed unit left behind.
 */
import { ENROLLMENT_TOKEN_PLACEHOLDER, UNIT_NAME } from "../unit-files";
import { DEB_LAYOUT, SERVICE_USER } from "./layout";

const COMMON = `set -e

UNIT=${UNIT_NAME}
SERVICE_USER=${SERVICE_USER}
STATE_DIR="$DPKG_ROOT${DEB_LAYOUT.stateDir}"
CONFIG="$DPKG_ROOT${DEB_LAYOUT.config}"

systemd_running() { [ -d "$DPKG_ROOT/run/systemd/system" ]; }`;

export function renderPostinst(): string {
  return `#!/bin/sh
# rigshift-agent postinst: the service user, its state directory, the service.
${COMMON}

config_ready() { [ -f "$CONFIG" ] && ! grep -q '${ENROLLMENT_TOKEN_PLACEHOLDER}' "$CONFIG"; }

case "$1" in
configure)
  if ! getent passwd "$SERVICE_USER" >/dev/null; then
    useradd --system --user-group --no-create-home --home-dir ${DEB_LAYOUT.stateDir} \\
      --shell /usr/sbin/nologin --comment "Rigshift rig agent" "$SERVICE_USER"
  fi
  # The journal, the rig token and the desired state: the agent's alone.
  mkdir -p "$STATE_DIR"
  chown "$SERVICE_USER:$SERVICE_USER" "$STATE_DIR"
  chmod 0700 "$STATE_DIR"
  # The config holds the enrollment token: root writes it, the agent reads it through its group.
  # A group the administrator chose is left alone.
  if [ -f "$CONFIG" ] && [ "$(stat -c %G "$CONFIG")" = root ]; then
    chgrp "$SERVICE_USER" "$CONFIG"
  fi

  if systemd_running; then
    systemctl daemon-reload || true
    if systemctl is-enabled --quiet "$UNIT"; then
      systemctl --no-block restart "$UNIT" || true
    elif [ -z "$2" ] && config_ready; then
      systemctl enable "$UNIT"
      systemctl --no-block start "$UNIT" || true
    elif ! config_ready; then
      echo "rigshift-agent: edit ${DEB_LAYOUT.config} (controlPlaneUrl, enrollmentToken, workloads), then run: systemctl enable --now $UNIT" >&2
    fi
  fi
  ;;
esac

exit 0
`;
}

export function renderPrerm(): string {
  return `#!/bin/sh
# rigshift-agent prerm: stop the agent when the package goes (an upgrade restarts it in postinst).
${COMMON}

case "$1" in
remove)
  if systemd_running; then
    systemctl stop "$UNIT" || true
  fi
  ;;
esac

exit 0
`;
}

export function renderPostrm(): string {
  return `#!/bin/sh
# rigshift-agent postrm: on purge, forget the rig (state, user); dpkg removes the config itself.
${COMMON}

case "$1" in
remove)
  if systemd_running; then
    systemctl daemon-reload || true
  fi
  ;;
purge)
  # The unit file is gone; its enablement link would dangle.
  rm -f "$DPKG_ROOT/etc/systemd/system/multi-user.target.wants/$UNIT"
  rm -rf "$STATE_DIR"
  rmdir "$(dirname "$CONFIG")" 2>/dev/null || true
  if getent passwd "$SERVICE_USER" >/dev/null; then
    userdel "$SERVICE_USER" || true
  fi
  if getent group "$SERVICE_USER" >/dev/null; then
    groupdel "$SERVICE_USER" || true
  fi
  if systemd_running; then
    systemctl daemon-reload || true
  fi
  ;;
esac

exit 0
`;
}
