#!/bin/sh
# The desktop app's benchmark (bench-app.c says what it measures), run
# under xvfb-run: a real conferd holds a ~100,000-character document (the
# trace's final text) and an empty one; the app joins, opens both; then
# confer-cli replays the trace into the empty one while the app follows.
# conferd and the replay run at the lowest CPU priority (nice 19): they
# stand for a server and a typist on other machines, so on these 2 cores
# they must not take the CPU the app would have had.
# Usage: run-bench-app.sh CONFERD CONFER_CLI BENCH_APP TRACE
set -u
conferd="$1"; cli="$2"; bench="$3"; trace="$4"
dir=$(mktemp -d)
pids=""
cleanup() { for p in $pids; do kill -9 "$p" 2>/dev/null; done; rm -rf "$dir"; }
trap cleanup EXIT
fail() { echo "FAIL: $*"; cat "$dir"/*.log 2>/dev/null; exit 1; }

nice -n 19 "$conferd" --data-dir "$dir/data" --listen 127.0.0.1 --port 0 --insecure --new-session "Bench" > "$dir/conferd.log" 2>&1 &
pids="$pids $!"
for _ in $(seq 200); do grep -q '^confer://' "$dir/conferd.log" && break; sleep 0.05; done
link=$(grep '^confer://' "$dir/conferd.log")
[ -n "$link" ] || fail "conferd printed no link"

python3 -c 'import gzip, json, sys; sys.stdout.write(json.load(gzip.open(sys.argv[1]))["endContent"])' "$trace" > "$dir/big.txt"
: > "$dir/empty.txt"
"$cli" put "$link" Big "$dir/big.txt" > /dev/null || fail "put Big"
"$cli" put "$link" Live "$dir/empty.txt" > /dev/null || fail "put Live"

export GSETTINGS_BACKEND=memory
echo "machine: $(nproc) cores, $(uname -sr); $(date -u +%Y-%m-%d)"
# First as the confer program draws by itself (confer-renderer.c: with no
# GPU, as under Xvfb here, cairo with OpenGL off); then the same with the
# accessibility bus running, as in every GNOME session (its own D-Bus
# session with at-spi2-core; GTK's default accessibility backend); then
# with OpenGL forced (GSK_RENDERER=gl: Mesa's software llvmpipe here). Each
# after an empty libadwaita window drawn the same way.
# with_bus COMMAND...: runs COMMAND on a D-Bus session of its own with the
# AT-SPI bus up (as a GNOME session has it before any app starts: the
# clock, BENCH_T0_US, starts once it is), or without any accessibility
# bridge.
with_bus() {
  if [ "$renderer" = atspi ]; then
    dbus-run-session -- sh -c 'dbus-send --session --print-reply --dest=org.a11y.Bus /org/a11y/bus \
      org.a11y.Bus.GetAddress > /dev/null || exit 1; BENCH_T0_US=$(date +%s%6N) exec "$@"' sh "$@"
  else
    BENCH_T0_US=$(date +%s%6N) NO_AT_BRIDGE=1 "$@"
  fi
}
for renderer in app atspi gl; do
  if [ "$renderer" = gl ]; then export GSK_RENDERER=gl; else unset GSK_RENDERER; fi
  export XDG_DATA_HOME="$dir/xdg-$renderer"
  echo "== renderer: $renderer"
  with_bus "$bench" --bare || fail "bare window"
  rm -f "$dir/ready" "$dir/ready.done"
  with_bus "$bench" "$link" Big Live "$dir/big.txt" "$dir/ready" > "$dir/bench.out" 2> "$dir/bench.log" &
  app=$!
  pids="$pids $app"
  for _ in $(seq 600); do [ -e "$dir/ready" ] && break; sleep 0.05; done
  [ -e "$dir/ready" ] || fail "the app did not open the documents"
  nice -n 19 "$cli" replay "$trace" "$link" --doc "Live" > "$dir/replay.log" 2>&1 || fail "replay"
  date +%s%6N > "$dir/ready.done"
  wait "$app" || fail "bench-app failed"
  tail -n 1 "$dir/replay.log"
  cat "$dir/bench.out"
  # The next round types the trace into a fresh empty document.
  "$cli" put "$link" Live "$dir/empty.txt" > /dev/null || fail "empty Live"
done
