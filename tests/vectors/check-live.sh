#!/bin/sh
# Regenerates the ot-text-unicode vectors with the real npm package and
# checks them: the committed file must be exactly what seed 1 produces, and
# a fresh random seed must pass too.
# Usage: check-live.sh BUILD_DIR TEST_PROGRAM COMMITTED_VECTORS
set -e
build="$1"; program="$2"; committed="$3"
here=$(dirname "$0")
"$here/install-oracle.sh" "$build/oracle" || exit $?
modules="$build/oracle/node_modules"

node "$here/generate-vectors.js" "$modules" 1 4000 > "$build/vectors-seed1.jsonl"
if ! gzip -dc "$committed" | cmp -s - "$build/vectors-seed1.jsonl"; then
  echo "the committed vectors differ from what ot-text-unicode generates for seed 1"
  exit 1
fi

seed=$(od -An -N4 -tu4 /dev/urandom | tr -d ' ')
echo "fresh vectors with seed $seed"
node "$here/generate-vectors.js" "$modules" "$seed" 4000 > "$build/vectors-fresh.jsonl"
exec "$program" "$build/vectors-fresh.jsonl" 20000
