#!/usr/bin/env bash
# Writes a migration for what changed in prisma/schema.prisma since the last migration.
# Usage: DATABASE_URL=... bash scripts/new-migration.sh <name>
# (`prisma migrate dev --create-only` fails without the Rust engines; see ARCHITECTURE.md.)
# Hand-written SQL: no ';' inside comments or strings. The JS schema engine splits scripts on ';'.
set -euo pipefail
name=${1:?usage: new-migration.sh <name>}
cd "$(dirname "$0")/.."
tmp=$(mktemp)
npx prisma migrate diff --from-migrations prisma/migrations --to-schema-datamodel prisma/schema.prisma --script -o "$tmp"
if ! grep -qv '^--' "$tmp" || [ "$(grep -cv '^\s*$\|^--' "$tmp")" = 0 ]; then echo "schema and migrations agree: nothing to write"; rm -f "$tmp"; exit 0; fi
dir="prisma/migrations/$(date -u +%Y%m%d%H%M%S)_${name}"
mkdir -p "$dir" && mv "$tmp" "$dir/migration.sql"
echo "wrote $dir/migration.sql"
