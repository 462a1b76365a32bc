#!/bin/sh
# Installs the ot-text-unicode peer into the build directory (if node is
# there) and runs bench-ot on the sequential editing traces.
# Usage: run-bench-ot.sh BUILD_DIR BENCH_OT PEER_SCRIPT INSTALL_SCRIPT TRACE...
build="$1"; bench="$2"; script="$3"; install="$4"; shift 4
if "$install" "$build/oracle"; then
  exec "$bench" --peer "$build/oracle/node_modules" --peer-script "$script" "$@"
fi
exec "$bench" "$@"
