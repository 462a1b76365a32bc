#!/bin/sh
# The app end to end, as its users drive it, under Xvfb (run by xvfb-run):
# Ann starts Confer, gives her name, hosts a session with the keyboard and
# copies the invite link; Bob joins it with confer-cli and with a second
# Confer. Ann types, Bob sees it; Bob edits, Ann's editor shows it (she
# exports the document and the file has his text). Ann imports the
# project's README.md, both edit it, she exports it, and the file equals
# the server's text. A screenshot of both participants' cursors goes to
# the log directory.
# Usage: run-e2e.sh CONFER CONFER_CLI README LOG_DIR
set -u
app="$1"; cli="$2"; readme=$(realpath "$3"); logdir="$4"
dir=$(mktemp -d)
pids=""
cleanup() { for p in $pids; do kill -9 "$p" 2>/dev/null; done; rm -rf "$dir"; }
trap cleanup EXIT
fail() {
  echo "FAIL: $*"
  import -window root "$logdir/e2e-failure.png" 2>/dev/null && echo "screen at failure: $logdir/e2e-failure.png"
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

# Ann: first run asks her name; then she hosts with Ctrl+Shift+N and
# copies the owner link from the dialog (Enter).
start_app ann
wait_for "Ann's window" has_window "$ann_pid"
ann_win=$(window_of "$ann_pid")
sleep 1
typed "Ann"; keys Return
sleep 0.5
xdotool windowfocus --sync "$ann_win"
keys ctrl+shift+n
sleep 2
keys Return
wait_for "the owner link on the clipboard" sh -c 'xclip -o -selection clipboard | grep -q "^confer://"'
link=$(xclip -o -selection clipboard)
# Bob reaches Ann's machine over loopback.
bob_link=$(echo "$link" | sed 's|^confer://[^:/]*:|confer://127.0.0.1:|')
echo "link: $bob_link"

# Ann makes a document and types in it.
keys ctrl+n
sleep 1
typed "Hello from Ann."
wait_for "Ann's text at the server" sh -c "'$cli' cat '$bob_link' 'Untitled 1' | grep -q 'Hello from Ann.'"

# Bob changes the document with confer-cli; Ann's editor follows: her
# export has Bob's line.
printf 'Hello from Ann.\nHello from Bob.\n' > "$dir/bob.txt"
"$cli" put "$bob_link" "Untitled 1" "$dir/bob.txt" || fail "Bob's put"
sleep 1
export_doc() { # PATH: Ann exports the open document through the file chooser
  rm -f "$1"
  xdotool windowfocus --sync "$ann_win"
  keys ctrl+shift+s
  sleep 1.5
  keys ctrl+a
  typed "$1"
  keys Return
  wait_for "the export to $1" test -s "$1"
  sleep 0.5
  xdotool windowfocus --sync "$ann_win"
}
export_doc "$dir/first.md"
cmp "$dir/bob.txt" "$dir/first.md" || fail "Ann's export does not have Bob's edit"

# Bob joins with a second Confer too, from the link, and confirms.
start_app bob "$bob_link"
wait_for "Bob's window" has_window "$bob_pid"
bob_win=$(window_of "$bob_pid")
sleep 1.5
typed "Bob"; keys Return
sleep 1
keys Return
sleep 2
xdotool windowmove "$bob_win" 620 240
sleep 0.5

# Ann imports the README (Ctrl+O, a path typed into the chooser).
xdotool windowfocus --sync "$ann_win"
keys ctrl+o
sleep 1.5
typed "$readme"
sleep 0.3
keys Return
title=$(basename "$readme")
wait_for "the imported README at the server" sh -c "'$cli' cat '$bob_link' '$title' > '$dir/imported.md' && cmp -s '$readme' '$dir/imported.md'"

# Both edit it: Ann at the top, Bob (in his Confer) at the end.
xdotool windowfocus --sync "$ann_win"
keys ctrl+Home
typed "Edited by Ann. "
xdotool windowfocus --sync "$bob_win"
xdotool mousemove --window "$bob_win" 120 225 click 1
sleep 0.5
xdotool mousemove --window "$bob_win" 600 400 click 1
keys ctrl+End
typed "Bob was here."
# Bob goes up to the third line, near Ann's cursor, so each sees the
# other's in the screenshot.
keys ctrl+Home Down Down End
sleep 1.5
import -window root "$logdir/e2e-two-cursors.png"
echo "screenshot: $logdir/e2e-two-cursors.png"

# Ann exports; the file equals the server's text, and has both edits.
export_doc "$dir/README-export.md"
"$cli" cat "$bob_link" "$title" > "$dir/server.md" || fail "cat the README"
cmp "$dir/server.md" "$dir/README-export.md" || fail "the export differs from the server's text"
grep -q "^Edited by Ann. " "$dir/README-export.md" || fail "Ann's edit is missing"
grep -q "Bob was here." "$dir/README-export.md" || fail "Bob's edit is missing"
echo "ok: two participants, README imported, edited from both sides, exported equal to the server's text"
