#!/bin/sh
# Annotations on a shared screen, end to end, under Xvfb with the real
# accessibility bus (run by run-with-atspi.sh), read back from the
# pixels: Ann hosts a session in Confer on an X display of her own
# (1280×720, white, with large known text on its left half and her window
# on its right half), joins its call and shares that screen (ximagesrc).
# Bob, a second Confer on the test's display, joins the call: his window
# shows Ann's screen, and tesseract reads its text there. Bob turns on
# Draw and drags a line over the screen's lower left quarter: Ann's window,
# which previews her own screen, shows it in Bob's colour at the same place
# of her screen. Ann clears the annotations: the line is gone from Bob's
# window. With Draw still on, Ctrl+scroll zooms Bob's view of the screen
# in and back out. At its narrowest, his window still has its pen. Screenshots of both, in the colour scheme asked for, go to the
# log directory.
# Usage: run-annotate.sh CONFER LOG_DIR light|dark
set -u
app="$1"; logdir="$2"; scheme="$3"
test_name="annotate-$scheme"
. "$(dirname "$0")/app-driver.sh"
for program in tesseract Xvfb convert display jq xclip; do
  command -v "$program" >/dev/null 2>&1 || { echo "SKIP: $program is missing (tools/install-deps.sh installs it)"; exit 77; }
done
[ -n "$atspi_python" ] || { echo "SKIP: no Python with Atspi (python3-gi, gir1.2-atspi-2.0)"; exit 77; }
test_display="$DISPLAY"

# Ann's screen: a second Xvfb, its root window white with the text on the
# left half.
exec 5> "$dir/ann-display"
Xvfb -displayfd 5 -screen 0 1280x720x24 -nolisten tcp -noreset > "$dir/ann-xvfb.log" 2>&1 &
pids="$pids $!"
wait_for "Ann's X display" test -s "$dir/ann-display"
ann_display=":$(cat "$dir/ann-display")"
convert -size 1280x720 xc:white -font DejaVu-Sans-Bold -pointsize 64 -fill black -gravity northwest \
  -annotate +40+130 "QUARTERLY\nROADMAP 2741" "$dir/text.png"
DISPLAY="$ann_display" display -window root "$dir/text.png" 2>/dev/null

# words FILE: the words tesseract reads in FILE, one per line.
words() {
  tesseract "$1" - --psm 11 tsv 2>/dev/null | awk -F'\t' 'NR > 1 && $12 != "" && $11 > 50 { print toupper($12) }'
}
# view_point BOX SX SY: where the shared screen's pixel (SX, SY) is in
# the window of the screen view at BOX ("WxH+X+Y", as atspi-tool.py's
# extents give it), "X Y": the view fits the 1280×720
# screen, centred (zoom 1). (One walk of the accessibility tree per view:
# an app busy with a call answers it slowly.)
view_point() {
  echo "$1" | tr 'x+' '  ' | awk -v sx="$2" -v sy="$3" '{ t = $1; $1 = $3; $3 = t; t = $2; $2 = $4; $4 = t; s = $3 / 1280; if ($4 / 720 < s) s = $4 / 720;
    printf "%d %d\n", $1 + $3 / 2 + (sx - 640) * s, $2 + $4 / 2 + (sy - 360) * s }'
}
# window_origin WINDOW: its top left on its display, "X Y".
window_origin() { xdotool getwindowgeometry "$1" | awk '/Position/ { split($2, p, ","); print p[1], p[2] }'; }
# count_colour FILE X Y COLOUR: pixels within 12 px of (X, Y) in FILE that
# are COLOUR, give or take 12 %.
count_colour() {
  convert "$1" -crop 25x25+$(( $2 - 12 ))+$(( $3 - 12 )) +repage -alpha off -fuzz 12% -fill '#ff00ff' -opaque "$4" \
    -fuzz 0 -fill black +opaque '#ff00ff' -fill white -opaque '#ff00ff' -format '%[fx:round(mean * w * h)]' info:
}

export CONFER_CALL_SOURCES=test CONFER_AUDIO_SINK=fakesink
export ADW_DEBUG_COLOR_SCHEME="prefer-$scheme"
export DISPLAY="$ann_display"
host_as ann "Ann"
link=$host_loopback
xdotool windowsize --sync "$ann_win" 640 720
xdotool windowmove --sync "$ann_win" 640 0
wait_for "Join Call in Ann's window" atspi ann enabled "Join Call"
atspi ann press "Join Call" || fail "Ann's window has no Join Call button"
sleep 2
atspi ann press "Share Screen" || fail "Ann's window has no Share Screen button"
wait_for "Ann's preview of her screen" atspi ann count "Your screen, as the others see it"

export DISPLAY="$test_display"
join_as bob "Bob" "$link"
xdotool windowsize --sync "$bob_win" 1920 1080
xdotool windowmove --sync "$bob_win" 0 0
wait_for "Join Call in Bob's window" atspi bob enabled "Join Call (1 member)"
atspi bob press "Join Call (1 member)" || fail "Bob's window has no Join Call button"
wait_for "Ann's screen in Bob's window" atspi bob count "Ann’s screen"
sleep 8
import -window root "$logdir/annotate-viewer-$scheme.png"
words "$logdir/annotate-viewer-$scheme.png" > "$dir/words"
echo "Bob reads: $(tr '\n' ' ' < "$dir/words")"
grep -qx ROADMAP "$dir/words" && grep -qx 2741 "$dir/words" || fail "Bob's window does not show Ann's shared text"
echo "ok: Bob's window shows Ann's screen; tesseract reads its text"

# Bob draws a line across the screen's lower left quarter, 400 screen px
# long at y = 540, below the text. (Bob's display is 1920×1080.)
# (The pen is clicked, not pressed through the accessibility bus: the
# layer over the screen must let the pointer reach its toolbar.)
pen=$(atspi bob centre "Draw") || fail "Bob's window has no Draw button"
xdotool mousemove --window "$bob_win" $pen click 1
sleep 0.5
box=$(atspi bob extents "Ann’s screen") || fail "Bob's window shows no “Ann’s screen”"
set -- $(view_point "$box" 120 540); x0=$1; y0=$2
set -- $(view_point "$box" 520 540); x1=$1
set -- $(view_point "$box" 320 540); bob_mid_x=$1; bob_mid_y=$2
xdotool mousemove --window "$bob_win" "$x0" "$y0" mousedown 1
for step in 1 2 3 4 5 6 7 8 9 10 11 12; do
  xdotool mousemove --window "$bob_win" $(( x0 + (x1 - x0) * step / 12 )) "$y0"
  sleep 0.05
done
xdotool mouseup 1
sleep 2
import -window root "$logdir/annotate-drawn-viewer-$scheme.png"
set -- $(window_origin "$bob_win"); bob_x=$1; bob_y=$2
bob_colour=$(convert "$logdir/annotate-drawn-viewer-$scheme.png" -format "%[pixel:p{$(( bob_x + bob_mid_x )),$(( bob_y + bob_mid_y ))}]" info:)
echo "Bob's line is $bob_colour in his own window"
[ "$(count_colour "$logdir/annotate-drawn-viewer-$scheme.png" $(( bob_x + bob_mid_x )) $(( bob_y + bob_mid_y )) "$bob_colour")" -ge 40 ] ||
  fail "Bob's window does not show his line"
[ "$(convert xc:"$bob_colour" -colorspace HSL -format '%[fx:s > 0.3]' info:)" = 1 ] ||
  fail "Bob's line is not in a colour ($bob_colour)"

# At Ann's: her preview shows the line where it is on her screen.
export DISPLAY="$ann_display"
sleep 1
import -window root "$logdir/annotate-sharer-$scheme.png"
set -- $(window_origin "$ann_win"); ann_x=$1; ann_y=$2
box=$(atspi ann extents "Your screen, as the others see it") || fail "Ann's window shows no preview of her screen"
set -- $(view_point "$box" 320 540); ann_mid_x=$(( ann_x + $1 )); ann_mid_y=$(( ann_y + $2 ))
set -- $(view_point "$box" 320 360); ann_off_x=$(( ann_x + $1 )); ann_off_y=$(( ann_y + $2 ))
at_ann=$(count_colour "$logdir/annotate-sharer-$scheme.png" "$ann_mid_x" "$ann_mid_y" "$bob_colour")
off_ann=$(count_colour "$logdir/annotate-sharer-$scheme.png" "$ann_off_x" "$ann_off_y" "$bob_colour")
echo "Ann's preview: $at_ann px of Bob's colour on the line's place, $off_ann px 180 screen px above it"
[ "$at_ann" -ge 20 ] || fail "Ann's preview does not show Bob's line where he drew it"
[ "$off_ann" -eq 0 ] || fail "Bob's colour is where he did not draw, in Ann's preview"
echo "ok: the line Bob drew shows in Ann's window at the same place of her screen"

# Ann clears: the line goes from Bob's window.
atspi ann press "Clear Annotations" || fail "Ann's window has no Clear Annotations button"
export DISPLAY="$test_display"
sleep 2
import -window root "$logdir/annotate-cleared-viewer-$scheme.png"
left=$(count_colour "$logdir/annotate-cleared-viewer-$scheme.png" $(( bob_x + bob_mid_x )) $(( bob_y + bob_mid_y )) "$bob_colour")
[ "$left" -eq 0 ] || fail "Bob's line is still in his window after Ann cleared ($left px)"
echo "ok: Ann clears the annotations, and Bob's window no longer shows the line"

# Draw is still on: Ctrl+scroll over the screen zooms it all the same
# (the layer hands its scrolls to the view), and back.
set -- $(view_point "$box" 640 360); cx=$1; cy=$2
import -window "$bob_win" "$dir/fit.png"
xdotool mousemove --window "$bob_win" "$cx" "$cy" keydown ctrl click 4 click 4 keyup ctrl
sleep 1.5
import -window "$bob_win" "$logdir/annotate-zoomed-viewer-$scheme.png"
xdotool keydown ctrl click 5 click 5 keyup ctrl
sleep 1.5
import -window "$bob_win" "$dir/unzoomed.png"
zoomed=$(compare -metric AE -fuzz 10% "$dir/fit.png" "$logdir/annotate-zoomed-viewer-$scheme.png" null: 2>&1)
restored=$(compare -metric AE -fuzz 10% "$dir/fit.png" "$dir/unzoomed.png" null: 2>&1)
echo "Ctrl+scroll with Draw on: $zoomed px changed zoomed in, $restored px after zooming out"
[ "${zoomed%.*}" -ge 20000 ] || fail "Ctrl+scroll did not zoom the shared screen while Draw was on"
[ "${restored%.*}" -le 10000 ] || fail "Ctrl+scroll back did not fit the shared screen again"
echo "ok: with Draw on, Ctrl+scroll zooms the shared screen in and out"

# Asked to be 360 px wide (in a call the window keeps about 640 px),
# Bob's window still shows the screen with its pen.
xdotool windowsize --sync "$bob_win" 360 720
sleep 2
import -window "$bob_win" "$logdir/annotate-narrow-viewer-$scheme.png"
[ "$(atspi bob count "Draw")" -ge 1 ] || fail "Bob's narrow window has no Draw button"
no_criticals
echo "PASS"
