#!/bin/sh
# Screen sharing end to end, under Xvfb with the real accessibility bus
# (run by run-with-atspi.sh), read back by OCR: Ann hosts a session in
# Confer and joins its call; Bob, a `confer-cli call --screen` on a second
# X display of its own (1920×1080, white, with large known text drawn on
# its root window), shares that screen through conferd. Ann's call view
# shows Bob's screen large: a screenshot read by tesseract gives the
# text back; Ctrl+plus zooms in (the words come out taller) and Ctrl+0
# back. Then Ann shares her own screen from the header bar's Share
# Screen: her window says she is sharing, Bob receives her 1280×800
# screen, and Stop ends it. Screenshots go to the log directory.
# Usage: run-screen.sh CONFER CONFER_CLI LOG_DIR
set -u
app="$1"; cli="$2"; logdir="$3"
test_name=screen
. "$(dirname "$0")/app-driver.sh"
for program in tesseract Xvfb convert display jq; do
  command -v "$program" >/dev/null 2>&1 || { echo "SKIP: $program is missing (tools/install-deps.sh installs it)"; exit 77; }
done
[ -n "$atspi_python" ] || { echo "SKIP: no Python with Atspi (python3-gi, gir1.2-atspi-2.0)"; exit 77; }

# Bob's own screen: a second Xvfb, its root window white with the text.
exec 5> "$dir/bob-display"
Xvfb -displayfd 5 -screen 0 1920x1080x24 -nolisten tcp -noreset > "$dir/bob-xvfb.log" 2>&1 &
pids="$pids $!"
wait_for "Bob's X display" test -s "$dir/bob-display"
bob_display=":$(cat "$dir/bob-display")"
convert -size 1920x1080 xc:white -font DejaVu-Sans-Bold -pointsize 150 -fill black -gravity center \
  -annotate +0+40 "QUARTERLY\nROADMAP 2741" "$dir/text.png"
# (display exits 1 after setting the root window's background.)
DISPLAY="$bob_display" display -window root "$dir/text.png" 2>/dev/null
DISPLAY="$bob_display" import -window root "$dir/bob-screen.png"
[ "$(convert "$dir/bob-screen.png" -format '%[fx:mean > 0.8]' info:)" = 1 ] || fail "cannot draw on Bob's display"

# words FILE: the words tesseract reads in FILE, one per line with its
# height in px ("WORD HEIGHT").
words() {
  tesseract "$1" - --psm 11 tsv 2>/dev/null |
    awk -F'\t' 'NR > 1 && $12 != "" && $11 > 50 { print toupper($12), $10 }'
}
# word_height FILE WORD: the height of WORD as tesseract reads it in FILE.
word_height() { words "$1" | awk -v w="$2" '$1 == w { print $2; exit }'; }

export CONFER_CALL_SOURCES=test CONFER_AUDIO_SINK=fakesink
export ADW_DEBUG_COLOR_SCHEME=prefer-light
host_as ann "Ann"
win=$ann_win
link=$host_loopback
xdotool windowsize --sync "$win" 1280 800
xdotool windowmove --sync "$win" 0 0
xdotool windowfocus --sync "$win"
sleep 1
atspi ann press "Join Call" || fail "no Join Call button"
sleep 2

# Bob shares his screen (no camera, no tone) for 40 s.
DISPLAY="$bob_display" "$cli" call "$link" --name Bob --seconds 40 --screen --video none --audio none \
  > "$dir/bob.out" 2> "$dir/bob-cli.log" &
bob_job=$!
pids="$pids $bob_job"
sleep 10
import -window root "$logdir/screen-viewer-light.png"
words "$logdir/screen-viewer-light.png" > "$dir/words"
echo "read: $(cut -d' ' -f1 "$dir/words" | tr '\n' ' ')"
grep -q "^ROADMAP " "$dir/words" && grep -q "^2741 " "$dir/words" && grep -q "^QUARTERLY " "$dir/words" ||
  fail "Ann's window does not show Bob's shared text"
echo "ok: Ann's window shows Bob's screen; tesseract reads QUARTERLY ROADMAP 2741"

# Zoom: Ctrl+plus on the screen view makes the words taller; Ctrl+0
# fits the screen again.
before=$(word_height "$logdir/screen-viewer-light.png" ROADMAP)
xdotool mousemove --window "$win" 640 300 click 1
sleep 0.3
keys ctrl+plus
sleep 1.5
import -window root "$logdir/screen-zoomed-light.png"
zoomed=$(word_height "$logdir/screen-zoomed-light.png" ROADMAP)
echo "ROADMAP is ${before} px tall, zoomed ${zoomed:-not read} px"
[ -n "$zoomed" ] && [ "$zoomed" -ge $(( before * 115 / 100 )) ] || fail "Ctrl+plus did not zoom the shared screen in"
keys ctrl+0
sleep 1.5
import -window root "$logdir/screen-unzoomed-light.png"
again=$(word_height "$logdir/screen-unzoomed-light.png" ROADMAP)
[ -n "$again" ] && [ "$again" -le $(( before * 105 / 100 )) ] || fail "Ctrl+0 did not fit the shared screen again ($again px)"
echo "ok: Ctrl+plus zooms in, Ctrl+0 fits again"
kill "$bob_job" 2>/dev/null
wait "$bob_job" 2>/dev/null

# Ann shares her own screen; a new Bob receives it.
"$cli" call "$link" --name Bob --seconds 12 --video none --audio none > "$dir/bob2.out" 2> "$dir/bob-cli.log" &
bob_job=$!
sleep 2
atspi ann press "Share Screen" || fail "no Share Screen button"
sleep 3
import -window root "$logdir/screen-sharing-light.png"
atspi ann count "You are sharing your screen" > /dev/null || fail "Ann's window does not say she is sharing"
sleep 4
# Stop, at the bar's end (the bar is the call view's first row).
xdotool mousemove --window "$win" 1228 80 click 1
sleep 1
import -window root "$logdir/screen-stopped-light.png"
[ "$(atspi ann count "You are sharing your screen")" = 0 ] || fail "Ann's window still says she is sharing"
wait "$bob_job" || fail "confer-cli call (the second Bob) failed: $(cat "$dir/bob-cli.log")"
tail -n 1 "$dir/bob2.out"
grep -Eq "screen received 1280×800 at [0-9.]+ fps" "$dir/bob2.out" || fail "Bob did not receive Ann's screen"
echo "ok: Ann shares her screen from the header bar, Bob receives it 1280×800, Stop ends it"
no_criticals
echo "PASS"
