#!/bin/sh
# Replays one editing trace with confer-cli and checks the verdict line.
# Usage: run-trace-replay.sh CONFER_CLI TRACE
# Exits 77 (skipped) when ../shared/data is not beside the checkout.
cli="$1"; trace="$2"
[ -f "$trace" ] || { echo "missing $trace (../shared/data is not beside the checkout)"; exit 77; }
out=$("$cli" replay --local "$trace") || { echo "$out"; exit 1; }
echo "$out"
echo "$out" | tail -n 1 | grep -Eq '^replayed [0-9]+ ops in [0-9.]+ ms: ok$'
