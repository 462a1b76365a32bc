#!/bin/sh
# Checks Confer's fractional indexing against the npm package
# fractional-indexing 4.0.0: 120,000 calls with seed 1 must give the same
# keys and the same refusals, and the tie-break keys Confer makes for a
# sample of their bounds must pass the package's own checks.
# Usage: check-fractional-index.sh BUILD_DIR TEST_PROGRAM
# Exits 77 (meson's "skipped") when node or npm is missing.
set -e
build="$1"; program="$2"
here=$(dirname "$0")
"$here/install-oracle.sh" "$build/oracle" || exit $?
modules="$build/oracle/node_modules"

node "$here/fractional-index-oracle.mjs" "$modules" 1 120000 > "$build/fractional-index-seed1.jsonl"
"$program" --tiebreak-out "$build/fractional-index-tiebreak.jsonl" "$build/fractional-index-seed1.jsonl" 120000
exec node "$here/fractional-index-oracle.mjs" "$modules" --check-tiebreak "$build/fractional-index-tiebreak.jsonl"
