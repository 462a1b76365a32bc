#!/bin/sh
# Checks Confer's ink stroke outlines against getStroke() of the npm package
# perfect-freehand 1.2.3: COUNT seeded strokes (tests/vectors/freehand-oracle.mjs)
# must give as many outline points, each within 1e-6 px (1e-6 of the
# coordinate's magnitude beyond 1 px).
# Usage: check-freehand.sh BUILD_DIR TEST_PROGRAM [SEED [COUNT]]
# Exits 77 (meson's "skipped") when node or npm is missing.
set -e
build="$1"; program="$2"; seed="${3:-1}"; count="${4:-1500}"
here=$(dirname "$0")
"$here/install-oracle.sh" "$build/oracle" || exit $?
modules="$build/oracle/node_modules"

node "$here/freehand-oracle.mjs" "$modules" "$seed" "$count" > "$build/freehand-seed$seed.jsonl"
exec "$program" --oracle "$build/freehand-seed$seed.jsonl" "$count"
