#!/bin/sh
# Installs the ShareDB peer of the server benchmarks (sharedb 7, its
# ot-text-unicode type and the ws WebSocket library) into DIR/node_modules.
# Nothing is committed; DIR is a build or scratch directory.
# Usage: install-sharedb.sh DIR
# Exits 0 when the packages are (already) there, 77 (meson's "skipped") when
# node or npm is missing or the install fails.
dir="$1"
[ -n "$dir" ] || { echo "usage: install-sharedb.sh DIR" >&2; exit 2; }
command -v node >/dev/null 2>&1 || { echo "node is not installed" >&2; exit 77; }
command -v npm >/dev/null 2>&1 || { echo "npm is not installed" >&2; exit 77; }

installed() {
  [ -f "$dir/node_modules/sharedb/package.json" ] &&
  [ -f "$dir/node_modules/ot-text-unicode/package.json" ] &&
  [ -f "$dir/node_modules/ws/package.json" ]
}
installed && exit 0

mkdir -p "$dir" || exit 77
cd "$dir" || exit 77
[ -f package.json ] || echo '{"name":"confer-sharedb-peer","private":true}' > package.json
npm install --no-audit --no-fund --silent 'sharedb@^7' 'ot-text-unicode@4' 'ws@8' >/dev/null 2>&1 || {
  echo "npm could not install sharedb, ot-text-unicode and ws" >&2; exit 77; }
installed || { echo "sharedb peer packages missing after npm install" >&2; exit 77; }
exit 0
