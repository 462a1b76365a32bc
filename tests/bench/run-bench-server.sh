#!/bin/sh
# Runs one server benchmark against conferd, then the same load against
# ShareDB 7 (tests/bench/peers/), in the same run; prints a JSON line each.
# Usage: run-bench-server.sh BUILD_DIR CONFERD BENCH_SERVER CONFER_CLI BENCH_FLOOR PEERS_DIR MODE ARGS...
#   MODE capacity|fanout|connections: ARGS as bench-server takes them;
#     capacity also runs bench-floor (the libraries' own cost) in between
#   MODE burst TRACE: one pipelined client types TRACE until all is acked
build="$1"; conferd="$2"; bench="$3"; cli="$4"; floor="$5"; peers="$6"; mode="$7"; shift 7
export CONFERD="$conferd"

echo "conferd:"
if [ "$mode" = burst ]; then
  dir=$(mktemp -d)
  "$conferd" --data-dir "$dir/data" --listen 127.0.0.1 --port 0 --insecure --new-session Burst > "$dir/out" 2>&1 &
  server=$!
  for _ in $(seq 200); do grep -q '^confer://' "$dir/out" && break; sleep 0.05; done
  "$cli" replay "$1" "$(grep '^confer://' "$dir/out")" | tail -n 2
  kill "$server"; rm -rf "$dir"
else
  "$bench" "$mode" "$@"
  [ "$mode" = connections ] && CONFER_BENCH_TLS=1 "$bench" "$mode" "$@"
fi

if [ "$mode" = capacity ]; then
  echo "Stack floor (libsoup, json-glib, SQLite with no Confer code):"
  "$floor" "$@"
fi

echo "ShareDB:"
[ "$mode" = connections ] && { echo "(not measured: the issue compares conferd's memory with its own target)"; exit 0; }
"$peers/run-sharedb.sh" "$build/sharedb-peer" "$mode" "$@" || echo "(ShareDB peer not available)"
exit 0
