#!/bin/sh
# Breakout rooms from the app, under Xvfb with the real accessibility bus
# (run by run-with-atspi.sh) and GStreamer's test sources: Ann hosts a
# session (light) and joins its call; Bob, a `confer-cli call` peer, and
# Dan, a second Confer (dark), join it. Dan opens the main menu's
# Breakout Rooms… and cancels. Ann opens it, sets the rooms to close
# after 5 minutes and opens them with the dialog's first assignment: she
# stays in the main room, Bob goes to Room 1, Dan to Room 2. Bob's
# confer-cli reports Room 1; Bob's tile leaves Ann's window; her bar says
# she is in the main room with the time left, Dan's that he is in Room 2.
# Dan moves to Room 1 with his bar's drop-down and meets Bob there.
# Ann's Bring Everyone Back returns them: Bob reports the main room again
# and his tile comes back. Screenshots of the dialog and the bar, light
# and dark and at 360 px wide, go to the log directory.
# Usage: run-call-breakout.sh CONFER CONFER_CLI LOG_DIR
set -u
app="$1"; cli="$2"; logdir="$3"
test_name=call-breakout
. "$(dirname "$0")/app-driver.sh"
[ -n "$atspi_python" ] || { echo "SKIP: no Python with Atspi (python3-gi, gir1.2-atspi-2.0)"; exit 77; }
command -v jq >/dev/null || { echo "SKIP: jq is missing"; exit 77; }

# has_tile WHO NAME: WHO's window shows NAME's tile.
has_tile() { atspi "$1" describe "$2" panel >/dev/null 2>&1; }
# says WHO TEXT: something in WHO's window is called TEXT.
says() { atspi "$1" count "$2" >/dev/null 2>&1; }
# breakout_menu WHO: opens WHO's main menu (its window has the keyboard)
# and chooses Breakout Rooms… by its mnemonic, B.
breakout_menu() {
  atspi "$1" press "Main Menu" || fail "no Main Menu in $1's window"
  sleep 1
  says "$1" "Breakout Rooms…" || fail "no Breakout Rooms… in $1's main menu"
  keys b
}
# labels WHO REGEX: one of WHO's labels matches REGEX (grep -E).
labels() { atspi "$1" names label | grep -Eq "$2"; }
bob_room() { grep '^{' "$dir/bob.out" | jq -r 'select(has("room_id")) | .room' | tail -n 1; }
bob_in() { [ "$(bob_room)" = "$1" ]; }

export CONFER_CALL_SOURCES=test CONFER_AUDIO_SINK=fakesink
export ADW_DEBUG_COLOR_SCHEME=prefer-light
host_as ann "Ann"
win=$ann_win
link=$host_loopback
xdotool windowsize --sync "$win" 1000 700
xdotool windowmove --sync "$win" 0 0
wait_for "Ann's Join Call button" atspi ann enabled "Join Call"
atspi ann press "Join Call" || fail "no Join Call button"
wait_for "Ann in the call" has_tile ann "You"

"$cli" call "$link" --seconds 90 --size 320x180 --fps 10 --name Bob > "$dir/bob.out" 2> "$dir/bob-cli.log" &
bob_job=$!
pids="$pids $bob_job"
wait_for "Bob's tile in Ann's window" has_tile ann "Bob"

export ADW_DEBUG_COLOR_SCHEME=prefer-dark
join_as dan "Dan" "$link"
xdotool windowsize --sync "$dan_win" 1000 700
xdotool windowmove --sync "$dan_win" 0 0
wait_for "Dan's Join Call button" atspi dan enabled "Join Call (2 members)"
atspi dan press "Join Call (2 members)" || fail "no Join Call button in Dan's window"
wait_for "Bob's tile in Dan's window" has_tile dan "Bob"
wait_for "Ann's tile in Dan's window" has_tile dan "Ann"
echo "ok: Ann, Bob and Dan are in the call"

# Dan's dialog, dark: two rooms, everyone's room, the options.
xdotool windowraise "$dan_win"; xdotool windowfocus --sync "$dan_win"
breakout_menu dan
wait_for "Dan's Breakout Rooms window" has_dialog dan
sleep 1
dan_dialog=$(dialog_of dan)
xdotool windowmove --sync "$dan_dialog" 500 40
sleep 0.5
import -window root "$logdir/call-breakout-dialog-dark.png"
for name in "Room 1 Name" "Room 2 Name" "Room for You" "Room for Ann" "Room for Bob" "Let Participants Choose" \
            "Number of Rooms" "Close Automatically After" "Open Rooms" "Cancel"; do
  says dan "$name" || fail "Dan's Breakout Rooms window has nothing called “$name”: $(atspi dan names | grep -v ': $')"
done
echo "ok: the Breakout Rooms window names its rooms, everyone's room and its options"
xdotool windowsize --sync "$dan_dialog" 360 620
sleep 1
import -window root "$logdir/call-breakout-dialog-360-dark.png"
atspi dan press "Cancel" || fail "no Cancel in Dan's dialog"
wait_for "Dan's dialog to close" not has_dialog dan

# Ann opens the rooms, closing after 5 minutes.
xdotool windowraise "$win"; xdotool windowfocus --sync "$win"
breakout_menu ann
wait_for "Ann's Breakout Rooms window" has_dialog ann
sleep 1
ann_dialog=$(dialog_of ann)
xdotool windowmove --sync "$ann_dialog" 500 40
sleep 0.5
# The timer's row is below the fold: the page scrolls to it, and a
# click on it gives its minutes the keyboard, their text selected.
xdotool mousemove --window "$ann_dialog" 240 400 click 5 click 5 click 5 click 5
sleep 1
at=$(atspi ann centre "Close Automatically After") || fail "no timer in Ann's dialog"
# shellcheck disable=SC2086 # X and Y
xdotool mousemove --window "$ann_dialog" $at click 1
sleep 0.3
keys ctrl+a; typed "5"; keys Tab
sleep 0.5
import -window root "$logdir/call-breakout-dialog-light.png"
atspi ann press "Open Rooms" || fail "no Open Rooms in Ann's dialog"
wait_for "Ann's dialog to close" not has_dialog ann

wait_for "Bob's confer-cli to be in Room 1" bob_in "Room 1"
wait_for "Bob's tile to leave Ann's window" not has_tile ann "Bob"
wait_for "Ann's bar to say she is in the main room with the time left" \
  labels ann "You are in the main room · (4:[0-5][0-9]|5:00) left"
echo "ok: Bob is in Room 1, out of Ann's room; Ann's bar says she is in the main room, with the time left"
sleep 1
import -window root "$logdir/call-breakout-light.png"
xdotool windowsize --sync "$win" 640 700
sleep 1
xdotool windowsize --sync "$win" 360 700
sleep 1.5
import -window root "$logdir/call-breakout-360-light.png"
xdotool windowsize --sync "$win" 1000 700

xdotool windowraise "$dan_win"; xdotool windowfocus --sync "$dan_win"
wait_for "Dan's bar to say he is in Room 2" labels dan "You are in “Room 2” · [0-9]+:[0-9]{2} left"
has_tile dan "Ann" && fail "Dan in Room 2 still shows Ann's tile"
echo "ok: Dan's bar says he is in Room 2, without Ann"
sleep 1
import -window root "$logdir/call-breakout-dark.png"

# Dan, an owner, moves himself to Room 1 with the bar's drop-down (its
# list: Main Room, Room 1, Room 2): Bob's tile shows.
at=$(atspi dan centre "Breakout Room") || fail "no Breakout Room drop-down in Dan's bar"
# shellcheck disable=SC2086 # X and Y
xdotool mousemove --window "$dan_win" $at click 1
wait_for "the drop-down's list in Dan's window" says dan "Main Room"
sleep 0.5
keys Home Down Return
wait_for "Dan's bar to say he is in Room 1" labels dan "You are in “Room 1”"
wait_for "Bob's tile in Dan's window, in Room 1" has_tile dan "Bob"
wait_for "Bob's confer-cli to see Dan" sh -c "grep '^{' '$dir/bob.out' | jq -e 'select(.room == \"Room 1\" and .state == \"connected\")' >/dev/null"
echo "ok: Dan moved himself to Room 1 from his bar, and Bob and he are peers there"
sleep 2
import -window root "$logdir/call-breakout-moved-dark.png"

# Ann brings everyone back.
xdotool windowraise "$win"; xdotool windowfocus --sync "$win"
atspi ann press "Bring Everyone Back" || fail "no Bring Everyone Back in Ann's bar"
wait_for "Bob's confer-cli back in the main room" bob_in main
wait_for "Bob's tile back in Ann's window" has_tile ann "Bob"
wait_for "Dan's tile back in Ann's window" has_tile ann "Dan"
says ann "You are in the main room" && fail "Ann's bar still shows with the rooms closed"
echo "ok: everyone is back in the main room"
sleep 3
import -window root "$logdir/call-breakout-back-light.png"

kill "$bob_job" 2>/dev/null
grep '^{' "$dir/bob.out" | jq -c 'select(has("room_id")) | .room' | tr '\n' ' '; echo
[ "$(grep '^{' "$dir/bob.out" | jq -r 'select(has("room_id")) | .room' | tr '\n' ' ')" = "main Room 1 main " ] ||
  fail "Bob's rooms were not main, Room 1, main"
no_criticals
echo "PASS: Ann opened breakout rooms from the app, Bob's confer-cli went to Room 1 and came back"
