#!/bin/sh
# Offline, with the real app under Xvfb (run by xvfb-run): Ann joins a
# conferd session in Confer and types; the server dies; she keeps typing,
# writes two chat messages (shown as sending) and quits; she starts Confer
# again while the server is still down (her text and her two messages are
# there, from the cache) and writes a third; the server comes back on the
# same port and data; her offline edits arrive, Bob edits too, and both
# converge; her three messages arrive once each, in order.
# Usage: run-offline.sh CONFER CONFERD CONFER_CLI LOG_DIR
set -u
app="$1"; conferd="$2"; cli="$3"; logdir="$4"
test_name=offline
. "$(dirname "$0")/app-driver.sh"

start_server() { # PORT
  "$conferd" --data-dir "$dir/data" --listen 127.0.0.1 --port "$1" --insecure $new > "$dir/conferd.log" 2>&1 &
  server_pid=$!
  pids="$pids $server_pid"
}
new="--new-session Offline"
start_server 0
wait_for "conferd's link" grep -q '^confer://' "$dir/conferd.log"
link=$(grep '^confer://' "$dir/conferd.log")
port=$(echo "$link" | sed 's|^confer://[^:]*:\([0-9]*\)/.*|\1|')
printf 'Agenda\n' > "$dir/agenda.txt"
"$cli" put "$link" Notes "$dir/agenda.txt" > /dev/null || fail "put Notes"

join_as_ann() {
  join_as ann Ann "$link"
  # Open Notes, the first document, and go to its end.
  xdotool mousemove --window "$ann_win" 120 187 click 1
  sleep 0.5
  xdotool mousemove --window "$ann_win" 600 400 click 1
  keys ctrl+End
}

join_as_ann
typed "1. budget"
keys Return
wait_for "Ann's online edit at the server" sh -c "'$cli' cat '$link' Notes | grep -q '1. budget'"

# The server dies; Ann keeps typing, sees her unsent changes, and quits.
kill -9 "$server_pid"
sleep 1
typed "2. hiring"
keys Return
# The chat, offline: what she writes waits, shown as sending.
keys ctrl+shift+c
sleep 1
typed "Offline one"; keys Return
typed "Offline two"; keys Return
sleep 1
import -window root "$logdir/offline-unsent.png"
keys ctrl+shift+c
# Quitting says the unsent changes are kept: the app waits for her answer.
keys ctrl+q
sleep 1.5
kill -0 "$ann_pid" || fail "Confer quit without saying the unsent changes are kept"
import -window root "$logdir/offline-quit.png"
keys Return
wait_for "Ann's app to quit" sh -c "! kill -0 $ann_pid"

# She starts Confer again while the server is still down: the session and
# her text come from the cache, and she types more.
join_as_ann
typed "3. lunch"
keys Return
keys ctrl+shift+c
sleep 1
typed "Offline three"; keys Return
sleep 1
import -window root "$logdir/offline-restarted.png"
keys ctrl+shift+c

# The server comes back on its port and data; Bob edits at the top.
new=""
start_server "$port"
wait_for "conferd again" sh -c "'$cli' cat '$link' Notes"
wait_for "Ann's offline edits at the server" sh -c "'$cli' cat '$link' Notes | grep -q '3. lunch'"
"$cli" cat "$link" Notes > "$dir/server.txt" || fail "cat"
sed 's/^Agenda$/Team Agenda/' "$dir/server.txt" > "$dir/bob-full.txt"
"$cli" put "$link" Notes "$dir/bob-full.txt" || fail "Bob's put"
printf 'Team Agenda\n1. budget\n2. hiring\n3. lunch\n' > "$dir/expected.txt"
"$cli" cat "$link" Notes > "$dir/server.txt" || fail "cat"
cmp "$dir/expected.txt" "$dir/server.txt" || { cat "$dir/server.txt"; fail "the server's text is not Ann's offline edits merged with Bob's"; }
sleep 1
export_doc "$ann_win" "$dir/ann.txt"
cmp "$dir/server.txt" "$dir/ann.txt" || { cat "$dir/ann.txt"; fail "Ann's editor differs from the server"; }
wait_for "Ann's offline messages at the server" sh -c "'$cli' chat log '$link' | grep -q 'Offline three'"
sleep 1
"$cli" chat log "$link" | grep -o '"text":"Offline [a-z]*"' > "$dir/chat.txt" || fail "chat log"
printf '"text":"Offline one"\n"text":"Offline two"\n"text":"Offline three"\n' > "$dir/chat-expected.txt"
cmp "$dir/chat-expected.txt" "$dir/chat.txt" || { cat "$dir/chat.txt"; fail "the chat does not hold Ann's offline messages once each, in order"; }
no_criticals
echo "ok: offline edits and chat messages survived a restart of the app and arrived, each once, in order, merged with Bob's"
