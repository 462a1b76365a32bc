# app-driver.sh: what the app's Xvfb tests share (sourced): a scratch
# directory cleaned up on exit, failure with a screenshot and the apps'
# logs, polling, keys, and starting Confer with a data directory of its own.
# Expects $app (the confer program), $logdir and $test_name to be set.
dir=$(mktemp -d)
pids=""
cleanup() { for p in $pids; do kill -9 "$p" 2>/dev/null; done; rm -rf "$dir"; }
trap cleanup EXIT
fail() {
  echo "FAIL: $*"
  import -window root "$logdir/$test_name-failure.png" 2>/dev/null && echo "screen at failure: $logdir/$test_name-failure.png"
  for f in "$dir"/*.log; do echo "== $f"; cat "$f"; done
  exit 1
}
# wait_for DESCRIPTION COMMAND...: retries COMMAND for up to 20 s.
wait_for() {
  what="$1"; shift
  for _ in $(seq 200); do "$@" >/dev/null 2>&1 && return 0; sleep 0.1; done
  fail "timed out waiting for $what"
}
keys() { xdotool key --delay 30 "$@"; }
typed() { xdotool type --delay 15 "$1"; }
mkdir -p "$logdir" "$dir/ann" "$dir/bob"

export GSETTINGS_BACKEND=memory NO_AT_BRIDGE=1 GDK_BACKEND=x11
start_app() { # NAME ARGS...: starts Confer with its own data directory
  name="$1"; shift
  XDG_DATA_HOME="$dir/$name" XDG_CONFIG_HOME="$dir/$name" "$app" "$@" > "$dir/$name.log" 2>&1 &
  pids="$pids $!"
  eval "${name}_pid=$!"
}
window_of() { xdotool search --all --onlyvisible --pid "$1" --name '^Confer$' | head -n 1; }
has_window() { [ -n "$(window_of "$1")" ]; }

export_doc() { # WINDOW PATH: exports the open document through the file chooser
  rm -f "$2"
  xdotool windowfocus --sync "$1"
  keys ctrl+shift+s
  sleep 1.5
  keys ctrl+a
  typed "$2"
  keys Return
  wait_for "the export to $2" test -s "$2"
  sleep 0.5
  xdotool windowfocus --sync "$1"
}
