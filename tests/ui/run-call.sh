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
# Who speaks: Bob's tone outlines his tile ("Speaking", its accessible
# description) and Ann's own tile while she is unmuted; not hers once
# muted, nor the tile of a Bob who sends no audio. Holding Space while
# muted (push to talk) makes her speak until it is released. The Call
# Statistics popover shows Bob's bitrates, frame rate, loss and round
# trip; the Speaker View shows his bars large (also at 360 px wide).
# Usage: run-call.sh CONFER CONFER_CLI LOG_DIR
set -u
app="$1"; cli="$2"; logdir="$3"
test_name=call
. "$(dirname "$0")/app-driver.sh"

# others_pixels FILE COLOUR WHO: colour_pixels of FILE, a screenshot of
# WHO's window now, less those of WHO's own tile ("You"), whose preview
# shows WHO's own test bars.
others_pixels() {
  own=$(atspi "$3" extents "You" panel) || fail "no own tile in $3's window"
  echo $(( $(colour_pixels "$1" "$2") - $(colour_pixels "$1" "$2" "$own") ))
}
# bars_seen FILE WHO: videotestsrc's SMPTE bars' yellow, cyan and magenta
# (full scale, as the app draws them) each cover at least 1,000 px of
# FILE outside WHO's own tile.
bars_seen() { bars_counted 1000 others_pixels "$1" "$2"; }
click() { xdotool mousemove --window "$win" "$1" "$2" click 1; sleep 0.5; }
# bob SECONDS OUT [OPTION…]: a confer-cli call peer, 320×180 at 10 fps,
# in the call for SECONDS, its statistics in OUT.
bob() {
  seconds="$1"; out="$2"; shift 2
  "$cli" call "$link" --seconds "$seconds" --size 320x180 --fps 10 --name Bob "$@" > "$out" 2> "$dir/bob-cli.log"
}
# speaking WHO TILE: WHO's window shows TILE's member speaking.
speaking() { [ "$(atspi "$1" describe "$2" panel)" = "Speaking" ]; }

export CONFER_CALL_SOURCES=test CONFER_AUDIO_SINK=fakesink
export ADW_DEBUG_COLOR_SCHEME=prefer-light
host_as ann "Ann"
win=$ann_win
link=$host_loopback
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

# Bob joins for 30 s; his tile shows the bars in Ann's window.
bob 30 "$dir/bob1.out" &
bob_job=$!
sleep 8
import -window root "$logdir/call-light.png"
bars_seen "$logdir/call-light.png" ann || fail "Bob's tile does not show the colour bars"
echo "ok: Bob's tile shows the colour bars"

# Bob's tone, and Ann's own, outline their tiles.
wait_for "Bob's tile to show him speaking" speaking ann "Bob"
wait_for "Ann's tile to show her speaking" speaking ann "You"
echo "ok: Bob's and Ann's tiles show them speaking"

# The statistics popover shows Bob's figures, refreshed while open.
atspi ann press "Call Statistics" || fail "no Call Statistics button"
sleep 2.5
import -window root "$logdir/call-stats-light.png"
atspi ann names label > "$dir/stats.txt"
grep -E "Received [0-9]+ kbit/s · Sent [0-9]+ kbit/s" "$dir/stats.txt" || fail "no bitrates in the statistics: $(cat "$dir/stats.txt")"
grep -E "Video 320×180 at [0-9]+ fps" "$dir/stats.txt" || fail "no frame rate in the statistics"
grep -E "Loss [0-9.]+ % · Round trip ([0-9]+ ms|not known yet)" "$dir/stats.txt" || fail "no loss or round trip in the statistics"
keys Escape
sleep 0.5
echo "ok: the statistics popover shows Bob's bitrates, frame rate, loss and round trip"

# The speaker view: Bob, the active speaker, large above Ann's tile.
atspi ann press "Speaker View" || fail "no Speaker View toggle"
sleep 2
import -window root "$logdir/call-speaker-light.png"
n=$(others_pixels "$logdir/call-speaker-light.png" "rgb(255,255,0)" ann)
echo "speaker view: $n yellow px"
[ "$n" -ge 4000 ] || fail "Bob's bars are not shown large in the speaker view ($n yellow px)"
# (At 640 px the sidebar folds away; then the window narrows to 360.)
xdotool windowsize --sync "$win" 640 700
sleep 1
xdotool windowsize --sync "$win" 360 700
sleep 1.5
import -window root "$logdir/call-speaker-360-light.png"
bars_seen "$logdir/call-speaker-360-light.png" ann || fail "no bars in the speaker view at 360 px"
xdotool windowsize --sync "$win" 1000 700
atspi ann press "Speaker View"
sleep 1
echo "ok: the speaker view shows Bob large"
wait "$bob_job" || fail "confer-cli call (Bob) failed: $(cat "$dir/bob-cli.log")"
cat "$dir/bob1.out" | tail -n 2
grep -q "^call: 1 peers, video received [0-9]*×[0-9]* at .* fps, audio ok" "$dir/bob1.out" \
  || fail "Bob did not receive Ann's video and tone: $(tail -n 1 "$dir/bob1.out")"
echo "ok: Bob receives Ann's video and hears her tone"

# Ann mutes (the header bar's Mute toggle): her tile shows the
# muted microphone, and a second Bob sees her call.update (he expects no
# audio from her: "audio none") and receives only silence from her.
atspi ann press "Mute" || fail "no Mute button"
wait_for "Ann's tile to stop showing her speaking" not speaking ann "You"
echo "ok: muted, Ann's tile does not show her speaking"
bob 8 "$dir/bob2.out" --audio none &
bob_job=$!
sleep 5
import -window root "$logdir/call-muted-light.png"
atspi ann describe "Bob" panel > /dev/null || fail "no tile for the silent Bob"
speaking ann "Bob" && fail "a Bob who sends no audio is shown speaking"
echo "ok: a silent Bob is not shown speaking"
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

# Push to talk: Space held (the focus in no text field) unmutes Ann
# until it is released.
xdotool keydown space
wait_for "Ann's tile to show her speaking while Space is held" speaking ann "You"
import -window root "$logdir/call-talk-light.png"
xdotool keyup space
wait_for "Ann's tile to stop showing her speaking once Space is released" not speaking ann "You"
echo "ok: holding Space talks while muted"

# Cy joins with a second Confer, dark, and joins the call: his window
# shows Ann's tile with her bars and her muted microphone.
export ADW_DEBUG_COLOR_SCHEME=prefer-dark
join_as cy "Cy" "$link"
xdotool windowsize --sync "$cy_win" 1000 700
xdotool windowmove --sync "$cy_win" 0 0
xdotool windowraise "$cy_win"; xdotool windowfocus --sync "$cy_win"
sleep 1
import -window root "$logdir/call-join-dark.png"
xdotool mousemove 808 27 click 1
sleep 6
import -window root "$logdir/call-dark.png"
bars_seen "$logdir/call-dark.png" cy || fail "Ann's tile in Cy's window does not show her colour bars"
echo "ok: Cy sees Ann's colour bars"

# Dark: Cy's statistics of Ann, and his speaker view (Ann, muted, has not
# spoken: she is shown large as the first other member).
atspi cy press "Call Statistics" || fail "no Call Statistics button in Cy's window"
sleep 2.5
import -window root "$logdir/call-stats-dark.png"
keys Escape
sleep 0.5
atspi cy press "Speaker View" || fail "no Speaker View toggle in Cy's window"
sleep 2
import -window root "$logdir/call-speaker-dark.png"
bars_seen "$logdir/call-speaker-dark.png" cy || fail "Cy's speaker view does not show Ann's bars"
echo "ok: Cy's speaker view shows Ann large"

# Ann turns her camera off (the header bar's camera toggle): Cy's window
# (in the speaker view) shows her initials, no bars (but for Cy's own
# preview).
xdotool windowraise "$win"; xdotool windowfocus --sync "$win"
sleep 0.5
atspi ann press "Turn Camera Off" || fail "no camera button"
sleep 0.5
xdotool windowraise "$cy_win"; xdotool windowfocus --sync "$cy_win"
sleep 2
import -window root "$logdir/call-camera-off-dark.png"
n=$(others_pixels "$logdir/call-camera-off-dark.png" "rgb(255,255,0)" cy)
[ "$n" -lt 100 ] || fail "Cy still sees Ann's video with her camera off ($n yellow px)"
echo "ok: Ann's camera off shows Cy her initials"
no_criticals
