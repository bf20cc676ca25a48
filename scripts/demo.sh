#!/usr/bin/env bash
# npm run demo: installs what is needed, then runs the whole system (see scripts/demo/main.ts).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec node_modules/.bin/tsx scripts/demo/main.ts
