#!/bin/sh
# Three people in one session, each in their own Confer with the real
# accessibility bus, as in a GNOME session (run by run-with-atspi.sh): the
# owner, an editor and a viewer. confer-cli types a real editing trace,
# turned into emoji, CJK and combining marks, into their document for more
# than a minute while the owner and the editor type too. No Confer crashes
# or logs a CRITICAL, and at the end each one's text (exported) is the
# server's; screenshots of each go to LOG_DIR/three-*.png.
# Usage: run-three.sh CONFER CONFERD CONFER_CLI TRACE LOG_DIR
set -u
app="$1"; conferd="$2"; cli="$3"; trace="$4"; logdir="$5"
test_name=three
. "$(dirname "$0")/app-driver.sh"
if [ ! -f "$trace" ]; then echo "SKIP: $trace is missing (../shared/data)"; exit 77; fi

"$conferd" --data-dir "$dir/data" --listen 127.0.0.1 --port 0 --new-session "Three of us" > "$dir/conferd.log" 2>&1 &
pids="$pids $!"
wait_for "conferd's link" grep -q '^confer://' "$dir/conferd.log"
link=$(grep '^confer://' "$dir/conferd.log")
export XDG_STATE_HOME="$dir/state"
: > "$dir/empty"
"$cli" put "$link" Notes "$dir/empty" || fail "making the document"
editor_link=$("$cli" invite "$link" --role editor) || fail "the editor's invite"
viewer_link=$("$cli" invite "$link" --role viewer) || fail "the viewer's invite"
node "$(dirname "$0")/unicode-trace.js" "$trace" "$dir/unicode.json.gz" 16000 || fail "the Unicode trace"

# join NAME LINK X Y: a Confer of NAME's own joins with LINK (first run:
# the name; then the join dialog, once the server has said what the link
# gives) and sits at X,Y.
join() {
  start_app "$1" "$2"
  eval "pid=\$${1}_pid"
  wait_for "$1's window" has_window "$pid"
  win=$(window_of "$pid")
  sleep 1.5
  typed "$1"; keys Return
  sleep 2.5
  keys Return
  sleep 2
  xdotool windowsize "$win" 790 440
  xdotool windowmove "$win" "$3" "$4"
  eval "${1}_win=$win"
}
# confer-cli types the trace, 4 ms between edits (more than a minute);
# the three join while it does, and Olga and Ed type at the end of the
# document.
"$cli" replay "$dir/unicode.json.gz" "$link" --doc Notes --pace 4 > "$dir/replay.log" 2>&1 &
replay=$!
pids="$pids $replay"
started=$(date +%s)
join Olga "$link" 0 0
join Ed "$editor_link" 800 0
join Vi "$viewer_link" 0 450

turn=0
while kill -0 "$replay" 2>/dev/null; do
  if [ $((turn % 2)) = 0 ]; then who=Olga; win=$Olga_win; else who=Ed; win=$Ed_win; fi
  xdotool windowfocus --sync "$win"
  keys ctrl+End
  typed " $who was here."
  turn=$((turn + 1))
  sleep 1
done
wait "$replay"; status=$?
elapsed=$(($(date +%s) - started))
cat "$dir/replay.log"
echo "confer-cli typed for $elapsed s while Olga and Ed typed $turn times"
[ "$elapsed" -ge 60 ] || fail "the typing lasted $elapsed s, not a minute"
# 0: the trace's text; 1: a different one (Olga's and Ed's lines are in
# it too); anything else is a failure.
[ "$status" -le 1 ] || fail "confer-cli replay ended with status $status"
for who in Olga Ed Vi; do
  eval "pid=\$${who}_pid"
  kill -0 "$pid" || fail "$who's Confer is gone"
done

# Everyone ends with the server's text.
sleep 3
"$cli" cat "$link" Notes > "$dir/server.txt" || fail "cat"
grep -q "Olga was here." "$dir/server.txt" || fail "Olga's lines are missing"
grep -q "Ed was here." "$dir/server.txt" || fail "Ed's lines are missing"
grep -q "😀" "$dir/server.txt" || fail "the trace's emoji are missing"
for who in Olga Ed Vi; do
  eval "win=\$${who}_win"
  import -window "$win" "$logdir/three-$who.png"
  echo "screenshot: $logdir/three-$who.png"
  export_doc "$win" "$dir/$who.txt"
  cmp "$dir/server.txt" "$dir/$who.txt" || fail "$who's text differs from the server's"
done
no_criticals
echo "ok: three Confers and confer-cli typed for $elapsed s; every text is the server's"
