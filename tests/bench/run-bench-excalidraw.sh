#!/bin/sh
# Installs @excalidraw/excalidraw into the build directory, generates the
# 92.5 MB benchmark scene with it (seed 42) unless it is there, and runs
# bench-excalidraw on it with node's figures beside Confer's.
# Usage: run-bench-excalidraw.sh ORACLE_DIR SCENE BENCH SCENE_SCRIPT INSTALL_SCRIPT
# Exits 77 (skipped) when node, npm or the registry is missing: the scene
# is made by the package itself.
oracle="$1"; scene="$2"; bench="$3"; script="$4"; install="$5"
"$install" "$oracle" || exit $?
if [ ! -s "$scene" ]; then
  node "$script" "$oracle/node_modules" generate 42 "$scene.tmp" && mv "$scene.tmp" "$scene" || exit 1
fi
exec "$bench" "$scene" --peer "$oracle/node_modules" --peer-script "$script"
