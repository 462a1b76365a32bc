# app-driver.sh: what the app's Xvfb tests share (sourced): a scratch
# directory cleaned up on exit, failure with a screenshot and the apps'
# logs, polling, keys, and starting Confer with a data directory of its own.
# Expects $app (the confer program), $logdir and $test_name to be set.
dir=$(mktemp -d)
pids=""
# The apps are asked to end first: each one's dbus-run-session then ends
# its bus, and what the bus started (the accessibility bus, portals, the
# document portal's mount in the runtime directory) goes with it; killed
# outright, those would outlive the test.
cleanup() {
  for f in "$dir"/*.pid; do [ -s "$f" ] && kill "$(cat "$f")" 2>/dev/null; done
  sleep 1
  for p in $pids; do kill -9 "$p" 2>/dev/null; done
  rm -rf "$dir"
}
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
# no_criticals: fails if any app logged a CRITICAL (GTK's AT-SPI code logs
# one just before the crash a text without its NUL brings).
no_criticals() {
  if grep -l CRITICAL "$dir"/*.log >/dev/null 2>&1; then fail "an app logged a CRITICAL"; fi
}
keys() { xdotool key --delay 30 "$@"; }
# colour_pixels FILE COLOUR [GEOMETRY]: how many pixels of FILE (or of
# its WxH+X+Y part) are within 12 % of COLOUR.
colour_pixels() {
  convert "$1" ${3:+-crop "$3" +repage} -alpha off -fuzz 12% -fill black +opaque "$2" -fill white -opaque "$2" \
    -colorspace Gray -format '%[fx:int(mean*w*h+0.5)]' info:
}
# bars_counted MIN COUNT FILE WHERE: videotestsrc's SMPTE bars' yellow,
# cyan and magenta (full scale, as the app draws them) each number at
# least MIN pixels by COUNT FILE COLOUR WHERE (colour_pixels, or a
# test's own count).
bars_counted() {
  for colour in "rgb(255,255,0)" "rgb(0,255,255)" "rgb(255,0,255)"; do
    n=$($2 "$3" "$colour" "$4")
    echo "$colour: $n px"
    [ "$n" -ge "$1" ] || return 1
  done
}
# bars_in FILE GEOMETRY: the bars cover at least 500 px each of that
# part of FILE.
bars_in() { bars_counted 500 colour_pixels "$1" "$2"; }
# own_tile NAME: where NAME's own tile in a call is in NAME's window.
own_tile() { atspi "$1" extents "You" panel; }
typed() { xdotool type --delay 15 "$1"; }
mkdir -p "$logdir" "$dir/ann" "$dir/bob"

# The apps run as in a GNOME session, with the real accessibility bus and
# GTK's default accessibility backend: no NO_AT_BRIDGE or GTK_A11Y here.
unset NO_AT_BRIDGE GTK_A11Y
export GSETTINGS_BACKEND=memory GDK_BACKEND=x11
# start_app NAME ARGS...: starts Confer with its own data directory and,
# as on a machine of its own, its own D-Bus session with an accessibility
# bus (a second Confer on one session bus would hand its link to the
# first) in a runtime directory of its own (the accessibility bus's socket
# is there: a second one in the same place takes the first one's).
# With $bus_helper set, that command starts first on the same bus (its
# output in $dir/NAME-bus.out), and the app once it has written "ready".
start_app() {
  name="$1"; shift
  rm -f "$dir/$name.pid" "$dir/$name-bus.pid"
  mkdir -p "$dir/$name-run"
  chmod 700 "$dir/$name-run"
  XDG_DATA_HOME="$dir/$name" XDG_CONFIG_HOME="$dir/$name" XDG_RUNTIME_DIR="$dir/$name-run" BUS_HELPER="${bus_helper:-}" \
  BUS_OUT="$dir/$name-bus.out" BUS_PID="$dir/$name-bus.pid" dbus-run-session -- sh -c '
    dbus-send --session --print-reply --dest=org.a11y.Bus /org/a11y/bus org.a11y.Bus.GetAddress |
      grep -q "string \"unix:" || { echo "no AT-SPI bus" >&2; exit 1; }
    if [ -n "$BUS_HELPER" ]; then
      $BUS_HELPER > "$BUS_OUT" 2>&1 &
      echo $! > "$BUS_PID"
      for _ in $(seq 100); do grep -q "^ready$" "$BUS_OUT" && break; sleep 0.1; done
    fi
    echo "$DBUS_SESSION_BUS_ADDRESS" > "$0.bus"
    echo $$ > "$0"
    exec "$@"' "$dir/$name.pid" "$app" "$@" > "$dir/$name.log" 2>&1 &
  pids="$pids $!"
  wait_for "$name's Confer to start" test -s "$dir/$name.pid"
  eval "${name}_pid=$(cat "$dir/$name.pid")"
  pids="$pids $(cat "$dir/$name.pid")"
  if [ -s "$dir/$name-bus.pid" ]; then pids="$pids $(cat "$dir/$name-bus.pid")"; fi
}
# atspi NAME COMMAND ARGS...: tests/ui/atspi-tool.py on NAME's Confer
# through its own session bus: press a widget, count or list them by name.
# Without DISPLAY: libatspi would take the accessibility bus the X root
# window names, the last one started on the display, not NAME's.
atspi() {
  who="$1"; shift
  eval "atspi_pid=\$${who}_pid"
  DBUS_SESSION_BUS_ADDRESS=$(cat "$dir/$who.pid.bus") env -u DISPLAY "$atspi_python" "$atspi_tool" "$atspi_pid" "$@"
}
# (Scripts outside tests/ui set $atspi_tool first.)
: "${atspi_tool:=$(cd "$(dirname "$0")" && pwd)/atspi-tool.py}"
# A Python with PyGObject and Atspi's typelib (python3-gi,
# gir1.2-atspi-2.0), or none: a test that needs it skips.
for atspi_python in python3 /usr/bin/python3 ""; do
  [ -n "$atspi_python" ] && "$atspi_python" -c 'import gi; gi.require_version("Atspi", "2.0")' 2>/dev/null && break
done
window_of() { xdotool search --all --onlyvisible --pid "$1" --name '^Confer$' | head -n 1; }
has_window() { [ -n "$(window_of "$1")" ]; }
# not COMMAND...: succeeds when COMMAND fails (for wait_for).
not() { ! "$@"; }
# dialog_of NAME: the newest window NAME's Confer shows over its main one
# (a dialog); has_dialog NAME: whether there is one. Found through X, not
# the accessibility tree: GTK 4.8 can abort when the tree is read while a
# dialog is being built.
dialog_of() {
  eval "dialog_pid=\$${1}_pid; dialog_parent=\$${1}_win"
  xdotool search --all --onlyvisible --pid "$dialog_pid" --name '' | grep -vx "$dialog_parent" | tail -n 1
}
has_dialog() { [ -n "$(dialog_of "$1")" ]; }
# focus_dialog NAME: gives the keyboard to NAME's dialog.
focus_dialog() {
  dialog=$(dialog_of "$1")
  [ -n "$dialog" ] || fail "$1's Confer shows no dialog"
  xdotool windowfocus --sync "$dialog"
}
# answer_name NAME DISPLAY_NAME: waits for the first run's name prompt in
# NAME's Confer (settings in memory or new), types DISPLAY_NAME into it
# (its entry has the focus, its text selected) and continues.
answer_name() {
  wait_for "the name prompt in $1's Confer" has_dialog "$1"
  sleep 0.5
  focus_dialog "$1"
  prompt=$dialog
  typed "$2"
  keys Return
  wait_for "the name prompt to close" not sh -c "xdotool search --all --onlyvisible --name '' | grep -qx $prompt"
}
# join_as NAME DISPLAY_NAME LINK: starts NAME's Confer on LINK, answers the
# name prompt with DISPLAY_NAME, confirms the join dialog once the server
# has said what the link gives and waits for the session to show;
# ${NAME}_win is then its window.
join_as() {
  start_app "$1" "$3"
  eval "joining_pid=\$${1}_pid"
  wait_for "$2's window" has_window "$joining_pid"
  eval "${1}_win=$(window_of "$joining_pid")"
  answer_name "$1" "$2"
  wait_for "$2's join dialog" has_dialog "$1"
  sleep 0.5
  wait_for "Join in $2's join dialog" atspi "$1" enabled "Join"
  focus_dialog "$1"
  keys Return
  eval "joined_win=\$${1}_win"
  wait_for "$2's window to show the session" not sh -c "xdotool getwindowname $joined_win | grep -qx Confer"
}

# host_as NAME DISPLAY_NAME: starts NAME's Confer, answers the name prompt
# with DISPLAY_NAME, hosts a new session (Ctrl+Shift+N) and copies its
# owner link from the dialog; ${NAME}_win is then its window,
# host_link the link as copied and host_loopback the same link to the
# host on 127.0.0.1 (where the other instances of the test reach it).
host_as() {
  start_app "$1"
  eval "hosting_pid=\$${1}_pid"
  wait_for "$2's window" has_window "$hosting_pid"
  hosting_win=$(window_of "$hosting_pid")
  eval "${1}_win=$hosting_win"
  answer_name "$1" "$2"
  xdotool windowfocus --sync "$hosting_win"
  keys ctrl+shift+n
  wait_for "the hosted session's link dialog" has_dialog "$1"
  sleep 0.5
  focus_dialog "$1"
  keys Return
  wait_for "the owner link on the clipboard" sh -c 'xclip -o -selection clipboard | grep -q "^confer://"'
  host_link=$(xclip -o -selection clipboard)
  host_loopback=$(echo "$host_link" | sed 's|^confer://[^:/]*:|confer://127.0.0.1:|')
}

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
