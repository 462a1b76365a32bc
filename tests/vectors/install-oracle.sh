#!/bin/sh
# Installs the npm packages the tests and benchmarks use as oracles and peers
# into DIR/node_modules (the build directory; nothing is committed).
# Usage: install-oracle.sh DIR
# Exits 77 (meson's "skipped") when node or npm is missing or the registry
# cannot be reached.
set -e
dir="$1"
command -v node >/dev/null 2>&1 || { echo "node is not installed"; exit 77; }
command -v npm >/dev/null 2>&1 || { echo "npm is not installed"; exit 77; }
if [ -f "$dir/node_modules/ot-text-unicode/package.json" ] && [ -d "$dir/node_modules/ot-fuzzer" ]; then
  exit 0
fi
mkdir -p "$dir"
cd "$dir"
[ -f package.json ] || echo '{"name":"confer-oracles","private":true}' > package.json
npm install --no-audit --no-fund --silent ot-text-unicode@4 ot-fuzzer@1 >/dev/null 2>&1 || {
  echo "npm could not install ot-text-unicode"; exit 77; }
