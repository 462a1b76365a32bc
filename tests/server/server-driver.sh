# server-driver.sh: what the conferd scripts share (sourced): a scratch
# directory cleaned up on exit with every process started, failure, and
# starting conferd on loopback with a session of its own.
# Expects $conferd (the conferd program) to be set.
dir=$(mktemp -d)
pids=""
cleanup() { for p in $pids; do kill -9 "$p" 2>/dev/null; done; rm -rf "$dir"; }
trap cleanup EXIT
fail() { echo "FAIL: $*"; exit 1; }
export XDG_STATE_HOME="$dir/state"

# start_server PORT "OPTIONS": conferd on $dir/data (0: any port), its
# output in $dir/conferd.out, its pid in $server; returns once listening.
start_server() {
  : > "$dir/conferd.out"   # now, so that a restart's wait reads only its own output
  "$conferd" --data-dir "$dir/data" --listen 127.0.0.1 --port "$1" --insecure $2 > "$dir/conferd.out" 2>&1 &
  server=$!
  pids="$pids $server"
  for _ in $(seq 200); do
    grep -q "listening on port" "$dir/conferd.out" 2>/dev/null && break
    sleep 0.05
  done
}

# start_session TITLE: a new conferd with a session TITLE; sets $link (its
# owner link) and $port.
start_session() {
  start_server 0 "--new-session $1"
  for _ in $(seq 200); do grep -q '^confer://' "$dir/conferd.out" && break; sleep 0.05; done
  link=$(grep '^confer://' "$dir/conferd.out")
  port=$(sed -n 's/^conferd: listening on port \([0-9]*\).*/\1/p' "$dir/conferd.out")
  [ -n "$link" ] || { cat "$dir/conferd.out"; fail "conferd printed no link"; }
}
