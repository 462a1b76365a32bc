#!/bin/sh
# Installs the npm packages the tests and benchmarks use as oracles and peers
# into DIR/node_modules (the build directory; nothing is committed):
# ot-text-unicode and ot-fuzzer, fractional-indexing 4.0.0 and
# perfect-freehand 1.2.3.
# Usage: install-oracle.sh DIR
# Exits 77 (meson's "skipped") when node or npm is missing or the registry
# cannot be reached.
set -e
dir="$1"
command -v node >/dev/null 2>&1 || { echo "node is not installed"; exit 77; }
command -v npm >/dev/null 2>&1 || { echo "npm is not installed"; exit 77; }
installed () {
  [ -f node_modules/ot-text-unicode/package.json ] && [ -d node_modules/ot-fuzzer ] &&
    grep -qs '"version": "4.0.0"' node_modules/fractional-indexing/package.json &&
    grep -qs '"version": "1.2.3"' node_modules/perfect-freehand/package.json
}
mkdir -p "$dir"
cd "$dir"
installed && exit 0
# Tests that run side by side install into the same directory: one npm at
# a time, and the later one finds the packages there.
if command -v flock >/dev/null 2>&1; then
  exec 9> .install-lock
  flock 9
  installed && exit 0
fi
[ -f package.json ] || echo '{"name":"confer-oracles","private":true}' > package.json
npm install --no-audit --no-fund --silent ot-text-unicode@4 ot-fuzzer@1 fractional-indexing@4.0.0 \
    perfect-freehand@1.2.3 >/dev/null 2>&1 || {
  echo "npm could not install ot-text-unicode, ot-fuzzer, fractional-indexing and perfect-freehand"; exit 77; }
