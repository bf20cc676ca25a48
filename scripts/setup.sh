#!/usr/bin/env bash
# Installs dependencies (npm ci, when the lockfile changed) and generates the Prisma client.
# Idempotent and quick when nothing changed.
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1 TURBO_TELEMETRY_DISABLED=1 CHECKPOINT_DISABLE=1 PRISMA_HIDE_UPDATE_MESSAGE=1
stamp=node_modules/.rigshift-lock.sha
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "[setup] npm ci" >&2
  npm ci --no-audit --no-fund
  echo "$want" > "$stamp"
fi
node_modules/.bin/prisma generate >/dev/null
