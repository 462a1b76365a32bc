#!/bin/sh
# Checks Confer's .excalidraw import and export against @excalidraw/excalidraw
# 0.18.1 itself (tests/board/excalidraw-oracle.mjs): every shared scene and
# every hostile scene from excalidraw-hostile.mjs is opened by both, and
# the survivors' types, geometry, points and texts must agree (files
# Excalidraw refuses must be refused by Confer, or repaired with notes);
# then each board Confer imported is exported, opened by Excalidraw again,
# and no element may change.
# Usage: check-excalidraw.sh BUILD_DIR TEST_PROGRAM SHARED_EXCALIDRAW_DIR
# Exits 77 (meson's "skipped") when node, npm or the registry is missing.
set -e
build="$1"; program="$2"; shared="$3"
here=$(cd "$(dirname "$0")" && pwd)
"$here/install-excalidraw-oracle.sh" "$build/excalidraw" || exit $?
modules="$build/excalidraw/node_modules"
work="$build/excalidraw-oracle-work"
rm -rf "$work"
mkdir -p "$work/in"

if [ -d "$shared" ]; then
  cp "$shared"/*.excalidraw "$work/in/"
else
  echo "# $shared is absent: only the generated scenes are checked"
fi
node "$here/excalidraw-hostile.mjs" "$work/in"

# Pin Date.now() (and with it the package's versionNonce seed).
export EXCALIDRAW_ORACLE_NOW=1700000000000
status=0
for f in "$work/in"/*.excalidraw; do
  name=$(basename "$f" .excalidraw)
  restored="$work/$name.restore.json"
  if ! node "$here/excalidraw-oracle.mjs" "$modules" restore "$f" > "$restored" 2> "$work/$name.err"; then
    echo "# $(cat "$work/$name.err")"
    restored=-
  fi
  if ! "$program" --oracle "$f" "$restored" "$work/$name.export.excalidraw"; then
    echo "not ok: $name (import)"; status=1; continue
  fi
  [ -f "$work/$name.export.excalidraw" ] || continue
  if ! node "$here/excalidraw-oracle.mjs" "$modules" restore "$work/$name.export.excalidraw" \
       > "$work/$name.export.restore.json" 2> "$work/$name.export.err"; then
    echo "not ok: $name (Excalidraw refused Confer's export: $(cat "$work/$name.export.err"))"; status=1; continue
  fi
  if ! "$program" --round-trip "$work/$name.export.excalidraw" "$work/$name.export.restore.json"; then
    echo "not ok: $name (round trip)"; status=1; continue
  fi
  echo "ok: $name"
done
exit $status
