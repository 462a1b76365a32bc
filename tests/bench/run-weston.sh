#!/bin/sh
# run-weston.sh: runs a command as the only client of a headless Weston of
# its own (no GPU: the pixman renderer), the way GTK draws on Wayland —
# into shared-memory buffers it reuses from frame to frame.
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: run-weston.sh WIDTHxHEIGHT COMMAND [ARG…]
#
# Weston's desktop shell draws its panel and keyboard helpers too; they are idle
# while the command runs.
set -eu

size=$1
shift
dir=$(mktemp -d)
chmod 700 "$dir"
XDG_RUNTIME_DIR="$dir" weston --backend=headless-backend.so --idle-time=0 \
  --width="${size%x*}" --height="${size#*x}" --socket=wayland-confer \
  >"$dir/weston.log" 2>&1 &
weston=$!
trap 'kill $weston 2>/dev/null; wait $weston 2>/dev/null; rm -rf "$dir"' EXIT INT TERM
tries=0
until [ -S "$dir/wayland-confer" ]; do
  tries=$((tries + 1))
  if [ $tries -gt 100 ] || ! kill -0 $weston 2>/dev/null; then
    echo "run-weston.sh: Weston did not start:" >&2
    cat "$dir/weston.log" >&2
    exit 1
  fi
  sleep 0.1
done
env -u DISPLAY XDG_RUNTIME_DIR="$dir" WAYLAND_DISPLAY=wayland-confer GDK_BACKEND=wayland "$@"
