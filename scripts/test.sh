#!/usr/bin/env bash
# npm test: installs what is needed, then runs every check (see scripts/test/main.ts).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec node_modules/.bin/tsx scripts/test/main.ts "$@"
