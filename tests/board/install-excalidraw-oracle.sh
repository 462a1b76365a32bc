#!/bin/sh
# Installs the real Excalidraw package that tests/board/excalidraw-oracle.mjs
# and tests/bench/peers/excalidraw-scene.mjs run under node, into
# DIR/node_modules (the build directory; nothing is committed).
# Usage: install-excalidraw-oracle.sh DIR
# Exits 77 (meson's "skipped") when node (>= 20.6, for module.register) or
# npm is missing or the registry cannot be reached.
#
# @excalidraw/excalidraw 0.18.1 pins its own dependencies (fractional-indexing
# 3.2.0, nanoid 3.3.3, ...); react and react-dom are its peers and must be
# present for its entry module to load, though restore and serializeAsJSON do
# not render anything. No DOM library is needed: the oracle stubs the few
# browser globals the package touches while loading.
set -e
dir="$1"
[ -n "$dir" ] || { echo "usage: install-excalidraw-oracle.sh DIR"; exit 2; }
excalidraw_version=0.18.1
react_version=18.3.1
command -v node >/dev/null 2>&1 || { echo "node is not installed"; exit 77; }
command -v npm >/dev/null 2>&1 || { echo "npm is not installed"; exit 77; }
node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=6)?0:1)' ||
  { echo "node $(node --version) is too old (need >= 20.6 for module.register)"; exit 77; }
installed() {
  node -e 'const p=require(require("path").resolve(process.argv[1])); process.exit(p.version===process.argv[2]?0:1)' \
    "$1/package.json" "$2" 2>/dev/null
}
if installed "$dir/node_modules/@excalidraw/excalidraw" "$excalidraw_version" &&
   installed "$dir/node_modules/react" "$react_version" &&
   installed "$dir/node_modules/react-dom" "$react_version"; then
  exit 0
fi
mkdir -p "$dir"
cd "$dir"
[ -f package.json ] || echo '{"name":"confer-oracles","private":true}' > package.json
npm install --no-audit --no-fund --silent --save-exact --ignore-scripts \
    "@excalidraw/excalidraw@$excalidraw_version" "react@$react_version" "react-dom@$react_version" \
    >/dev/null 2>&1 || { echo "npm could not install @excalidraw/excalidraw@$excalidraw_version"; exit 77; }
installed node_modules/@excalidraw/excalidraw "$excalidraw_version" ||
  { echo "npm did not install @excalidraw/excalidraw@$excalidraw_version"; exit 77; }
