#!/bin/sh
# Recording a call from the app, under Xvfb with the real accessibility
# bus (run by run-with-atspi.sh) and GStreamer's test sources: Ann hosts
# a session, joins its call and presses Record the Call (through the
# accessibility tree, as a screen reader would); Bob, a `confer-cli call`
# peer, is told she records; Cy, in the session with a second Confer but
# not in the call, sees the Recording notice. Ann stops: a toast says the
# file's name, and the file is in her Videos folder (XDG_VIDEOS_DIR), named
# "Confer call YYYY-MM-DD HH-MM.webm", WebM with VP8 and Opus, lasting
# about as long as she recorded. Screenshots light, dark and at 360 px go
# to the log directory.
# Usage: run-call-record.sh CONFER CONFER_CLI LOG_DIR
set -u
app="$1"; cli="$2"; logdir="$3"
test_name=call-record
. "$(dirname "$0")/app-driver.sh"
[ -n "$atspi_python" ] || { echo "SKIP: no Python with Atspi (python3-gi, gir1.2-atspi-2.0)"; exit 77; }
for program in gst-discoverer-1.0 jq; do
  command -v "$program" >/dev/null 2>&1 || { echo "SKIP: $program is missing"; exit 77; }
done

export CONFER_CALL_SOURCES=test CONFER_AUDIO_SINK=fakesink
export ADW_DEBUG_COLOR_SCHEME=prefer-light
# Ann's Videos folder, as xdg-user-dirs names it.
videos="$dir/Ann's videos"
mkdir -p "$dir/ann"
echo "XDG_VIDEOS_DIR=\"$videos\"" > "$dir/ann/user-dirs.dirs"

host_as ann "Ann"
win=$ann_win
link=$host_loopback
xdotool windowsize --sync "$win" 1000 700
xdotool windowmove --sync "$win" 0 0
sleep 1
atspi ann press "Join Call" || fail "Ann could not press Join Call"
sleep 2

# Bob is in the call (until the end of the test) and says who records.
"$cli" call "$link" --seconds 300 --size 320x180 --fps 10 --name Bob > "$dir/bob.out" 2> "$dir/bob-cli.log" &
bob_job=$!
pids="$pids $bob_job"
sleep 5
atspi ann press "Record the Call" || fail "Ann could not press Record the Call"
started=$(date +%s.%N)
wait_for "the Recording notice in Ann's window" atspi ann count "Recording"
sleep 2
xdotool windowraise "$win"
import -window root "$logdir/call-record-light.png"

# Cy, in the session but not in the call, sees the notice too.
export ADW_DEBUG_COLOR_SCHEME=prefer-dark
join_as cy "Cy" "$link"
xdotool windowsize --sync "$cy_win" 1000 700
xdotool windowmove --sync "$cy_win" 0 0
xdotool windowraise "$cy_win"
sleep 1
wait_for "the Recording notice in Cy's window" atspi cy count "Recording"
import -window root "$logdir/call-record-dark.png"
xdotool windowsize --sync "$cy_win" 360 640
sleep 1
import -window root "$logdir/call-record-360-dark.png"
echo "ok: Cy, not in the call, sees the Recording notice"

atspi ann press "Stop Recording" || fail "Ann could not press Stop Recording"
stopped=$(date +%s.%N)
xdotool windowraise "$win"
sleep 1
import -window root "$logdir/call-record-saved-light.png"

grep '^{' "$dir/bob.out" | jq -se 'any(.[]; .recorders and (.recorders | length) == 1)' >/dev/null ||
  fail "Bob was never told that Ann records: $(grep recorders "$dir/bob.out" | tr '\n' ' ')"
bob_told_stop() { grep '^{' "$dir/bob.out" | jq -se '[.[] | select(.recorders)] | .[-1].recorders == []'; }
wait_for "Bob to be told that Ann stopped" bob_told_stop
kill "$bob_job"
echo "ok: Bob was told that Ann records, and that she stopped"

ls "$videos"
file=$(ls "$videos"/Confer\ call\ [0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]\ [0-9][0-9]-[0-9][0-9].webm 2>/dev/null | head -n 1)
[ -n "$file" ] || fail "no “Confer call YYYY-MM-DD HH-MM.webm” in Ann's Videos folder"
gst-discoverer-1.0 "$file" > "$dir/discoverer.txt" 2>&1 || { cat "$dir/discoverer.txt"; fail "the recording does not play"; }
cat "$dir/discoverer.txt"
grep -Eq "video( #[0-9]+)?: VP8" "$dir/discoverer.txt" || fail "the recording has no VP8 video"
grep -Eq "audio( #[0-9]+)?: Opus" "$dir/discoverer.txt" || fail "the recording has no Opus audio"
grep -Eq "^ *Seekable: yes" "$dir/discoverer.txt" || fail "the recording is not seekable"
duration=$(sed -n 's/^ *Duration: \([0-9]*\):\([0-9]*\):\([0-9.]*\)$/\1 \2 \3/p' "$dir/discoverer.txt" |
           awk '{ printf "%.1f", $1 * 3600 + $2 * 60 + $3 }')
pressed=$(awk -v a="$started" -v b="$stopped" 'BEGIN { printf "%.1f", b - a }')
echo "the recording lasts $duration s; Record to Stop took $pressed s"
# The presses go through the accessibility bus: the recording starts and
# stops within a second and a half of the script's marks.
awk -v d="$duration" -v p="$pressed" 'BEGIN { exit !(d > 0 && d - p <= 1.5 && p - d <= 1.5) }' ||
  fail "the recording lasts $duration s, but $pressed s passed between Record and Stop"
echo "ok: $(basename "$file") is WebM, VP8 and Opus, $duration s"
no_criticals
