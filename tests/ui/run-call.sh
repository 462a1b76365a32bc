#!/bin/sh
# The call view end to end, under Xvfb with the real accessibility bus (run
# by run-with-atspi.sh), with GStreamer's test sources
# (CONFER_CALL_SOURCES=test) and no audio device (a fakesink plays): Ann
# hosts a session and joins its call from the header bar; Bob, a
# `confer-cli call` peer sending the SMPTE colour bars, joins. Ann's
# window shows Bob's tile with the bars (its yellow, cyan and magenta
# counted on a screenshot) next to her own tile, "You"; Bob receives her
# video and hears her tone. Ann mutes: the second Bob that joins sees
# her call.update (he expects no audio from her) and what he receives
# from her is silent. Screenshots, light and dark, go to the log
# directory.
# Usage: run-call.sh CONFER CONFER_CLI LOG_DIR
set -u
app="$1"; cli="$2"; logdir="$3"
test_name=call
. "$(dirname "$0")/app-driver.sh"

# colour_pixels FILE COLOUR: how many pixels of FILE are within 12 % of
# COLOUR.
colour_pixels() {
  convert "$1" -alpha off -fuzz 12% -fill black +opaque "$2" -fill white -opaque "$2" -colorspace Gray \
    -format '%[fx:int(mean*w*h+0.5)]' info:
}
# bars_seen FILE: videotestsrc's SMPTE bars' yellow, cyan and magenta
# (full scale, as the app draws them) each cover at least 1,000 px.
bars_seen() {
  for colour in "rgb(255,255,0)" "rgb(0,255,255)" "rgb(255,0,255)"; do
    n=$(colour_pixels "$1" "$colour")
    echo "$colour: $n px"
    [ "$n" -ge 1000 ] || return 1
  done
}
click() { xdotool mousemove --window "$win" "$1" "$2" click 1; sleep 0.5; }
# bob SECONDS OUT: a confer-cli call peer, 320×180 at 10 fps, in the call
# for SECONDS, its statistics in OUT.
bob() { "$cli" call "$link" --seconds "$1" --size 320x180 --fps 10 --name Bob > "$2" 2> "$dir/bob-cli.log"; }

export CONFER_CALL_SOURCES=test CONFER_AUDIO_SINK=fakesink
export ADW_DEBUG_COLOR_SCHEME=prefer-light
host_as ann "Ann"
win=$ann_win
link=$(echo "$host_link" | sed 's|^confer://[^:/]*:|confer://127.0.0.1:|')
xdotool windowsize --sync "$win" 1000 700
xdotool windowmove --sync "$win" 0 0
xdotool windowfocus --sync "$win"
sleep 1
import -window root "$logdir/call-before-light.png"

# Ann joins: the header bar's Join Call (left of the main menu) turns
# into mute, camera and Leave, and her tile shows.
xdotool mousemove 813 27 click 1
sleep 2
import -window root "$logdir/call-alone-light.png"

# Bob joins for 12 s; his tile shows the bars in Ann's window.
bob 12 "$dir/bob1.out" &
bob_job=$!
sleep 8
import -window root "$logdir/call-light.png"
bars_seen "$logdir/call-light.png" || fail "Bob's tile does not show the colour bars"
echo "ok: Bob's tile shows the colour bars"
wait "$bob_job" || fail "confer-cli call (Bob) failed: $(cat "$dir/bob-cli.log")"
cat "$dir/bob1.out" | tail -n 2
grep -q "^call: 1 peers, video received [0-9]*×[0-9]* at .* fps, audio ok" "$dir/bob1.out" \
  || fail "Bob did not receive Ann's video and tone: $(tail -n 1 "$dir/bob1.out")"
echo "ok: Bob receives Ann's video and hears her tone"

# Ann mutes (the header bar's Mute toggle): her tile shows the
# muted microphone, and a second Bob sees her call.update (he expects no
# audio from her: "audio none") and receives only silence from her.
atspi ann press "Mute" || fail "no Mute button"
sleep 1
bob 8 "$dir/bob2.out" &
bob_job=$!
sleep 5
import -window root "$logdir/call-muted-light.png"
wait "$bob_job" || fail "confer-cli call (the second Bob) failed: $(cat "$dir/bob-cli.log")"
tail -n 2 "$dir/bob2.out"
grep -q "^call: 1 peers, video received [0-9]*×[0-9]* at .* fps, audio none" "$dir/bob2.out" \
  || fail "Bob still expects audio from the muted Ann: $(tail -n 1 "$dir/bob2.out")"
node -e '
  const lines = require("fs").readFileSync(process.argv[1], "utf8").split("\n").filter(l => l.startsWith("{"));
  const last = lines.map(l => JSON.parse(l)).filter(o => o.final);
  if (last.length !== 1) { console.error(`${last.length} final lines`); process.exit(1); }
  if (last[0].audio_ms < 1000) { console.error(`only ${last[0].audio_ms} ms of audio received`); process.exit(1); }
  if (last[0].audio_dbfs !== undefined && last[0].audio_dbfs > -50) { console.error(`Ann is heard at ${last[0].audio_dbfs} dBFS`); process.exit(1); }' \
  "$dir/bob2.out" || fail "the muted Ann is not silent"
echo "ok: muting sends call.update and silence"

# Cy joins with a second Confer, dark, and joins the call: his window
# shows Ann's tile with her bars and her muted microphone.
export ADW_DEBUG_COLOR_SCHEME=prefer-dark
start_app cy "$link"
wait_for "Cy's window" has_window "$cy_pid"
cy_win=$(window_of "$cy_pid")
sleep 1.5
typed "Cy"; keys Return
sleep 2
keys Return
sleep 2
xdotool windowsize --sync "$cy_win" 1000 700
xdotool windowmove --sync "$cy_win" 0 0
xdotool windowraise "$cy_win"; xdotool windowfocus --sync "$cy_win"
sleep 1
import -window root "$logdir/call-join-dark.png"
xdotool mousemove 808 27 click 1
sleep 6
import -window root "$logdir/call-dark.png"
bars_seen "$logdir/call-dark.png" || fail "Ann's tile in Cy's window does not show her colour bars"
echo "ok: Cy sees Ann's colour bars"

# Ann turns her camera off (the header bar's camera toggle): Cy's window
# shows her initials, no bars.
xdotool windowraise "$win"; xdotool windowfocus --sync "$win"
sleep 0.5
atspi ann press "Turn Camera Off" || fail "no camera button"
sleep 0.5
xdotool windowraise "$cy_win"; xdotool windowfocus --sync "$cy_win"
sleep 2
import -window root "$logdir/call-camera-off-dark.png"
n=$(colour_pixels "$logdir/call-camera-off-dark.png" "rgb(255,255,0)")
[ "$n" -lt 100 ] || fail "Cy still sees Ann's video with her camera off ($n yellow px)"
echo "ok: Ann's camera off shows Cy her initials"
no_criticals
