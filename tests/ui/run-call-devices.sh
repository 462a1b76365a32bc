#!/bin/sh
# The call's devices and one's own preview end to end, under Xvfb with the
# real accessibility bus (run by run-with-atspi.sh), with the devices (not
# CONFER_CALL_SOURCES=test): a PulseAudio daemon of the test's own with
# two null sinks (tests/media/pulse-driver.sh) for the microphones and
# speakers, and, for want of a camera, videotestsrc's SMPTE bars as the
# camera (CONFER_VIDEO_SOURCE). The session bus has no Camera portal.
#   Ann hosts and joins the call: having asked for the Camera portal and
#   found none, she uses the camera directly (the debug log says so). Her
#   own tile shows her camera, mirrored (the bars' blue, at the right of
#   the picture sent, is at the left). The Call Menu lists the
#   Microphone, Camera and Speaker sections, Default first and checked,
#   and both null sinks' monitors as microphones; choosing one checks it.
#   A sink loaded meanwhile shows in the menu the next time it opens
#   (the device monitor follows hot-plugging). Turning the camera off
#   shows her initials, no bars, in her own tile.
#   At 360 px wide the call's buttons have no room in the header bar and
#   show in a bar at the bottom, whose Mute mutes and whose Call Menu
#   opens. Dee, dark, joins the call too: her own tile and Ann's both
#   show bars. Screenshots, light, dark and 360 px wide, go to the log
#   directory.
# Usage: run-call-devices.sh CONFER LOG_DIR
set -u
app="$1"; logdir="$2"
test_name=call-devices
. "$(dirname "$0")/app-driver.sh"
. "$(dirname "$0")/../media/pulse-driver.sh"
need_programs pulseaudio pactl parec gst-inspect-1.0
gst-inspect-1.0 pulsesrc >/dev/null 2>&1 || { echo "SKIP: GStreamer's pulsesrc is missing"; exit 77; }
start_pulse playback
listen_to_microphone

# blue_halves FILE GEOMETRY: the bars' blue pixels in the left and the
# right half of that part of FILE, "LEFT RIGHT". Unmirrored, the blue
# bar is at the right (the thin strip below the bars has blue at the
# left); mirrored, the other way round.
blue_halves() {
  w=${2%%x*}; rest=${2#*x}; h=${rest%%+*}; xy=${rest#*+}; x=${xy%%+*}; y=${xy#*+}
  left=$(colour_pixels "$1" "rgb(0,0,255)" "$((w / 2))x$h+$x+$y")
  right=$(colour_pixels "$1" "rgb(0,0,255)" "$((w / 2))x$h+$((x + w / 2))+$y")
  echo "$left $right"
}
menu_has() { atspi ann count "$1" > /dev/null; }

export CONFER_VIDEO_SOURCE="videotestsrc is-live=true pattern=smpte" G_MESSAGES_DEBUG=confer-call-view
export ADW_DEBUG_COLOR_SCHEME=prefer-light
host_as ann "Ann"
win=$ann_win
link=$host_loopback
xdotool windowsize --sync "$win" 1000 700
xdotool windowmove --sync "$win" 0 0
xdotool windowfocus --sync "$win"
sleep 1

# Ann joins: no Camera portal, so the camera is used directly.
atspi ann press "Join Call" || fail "no Join Call button"
wait_for "Ann's own tile" own_tile ann
sleep 4
grep -q "No Camera portal (.*): the camera is used directly" "$dir/ann.log" ||
  fail "joining did not ask for the Camera portal, or did not fall back to the camera"
echo "ok: no Camera portal; the camera is used directly"
import -window root "$logdir/call-devices-preview-light.png"
tile=$(own_tile ann)
echo "own tile: $tile"
bars_in "$logdir/call-devices-preview-light.png" "$tile" || fail "Ann's own tile does not show her camera's bars"
halves=$(blue_halves "$logdir/call-devices-preview-light.png" "$tile")
echo "blue left, right: $halves"
[ "${halves% *}" -gt $((2 * ${halves#* })) ] || fail "Ann's own tile is not mirrored (blue left, right: $halves)"
echo "ok: Ann's own tile shows her camera, mirrored"

# The Call Menu: three sections, Default checked, the null sinks' monitors.
atspi ann press "Call Menu" || fail "no Call Menu button"
sleep 1
import -window root "$logdir/call-devices-menu-light.png"
atspi ann names > "$dir/menu.txt"
for item in "Microphone" "Camera" "Speaker" "Default" "Monitor of Null Output (speech.monitor)" \
            "Monitor of Null Output (playback.monitor)" "Null Output (speech)" "Null Output (playback)"; do
  grep -q ": $item$" "$dir/menu.txt" || fail "the Call Menu has no “$item”: $(grep -i "menu" "$dir/menu.txt")"
done
atspi ann checked "Default" || fail "Default is not checked in the Call Menu"
echo "ok: the Call Menu lists the microphones and speakers, Default checked"
atspi ann press "Monitor of Null Output (playback.monitor)" || fail "the playback monitor cannot be chosen"
sleep 1
keys Escape
atspi ann press "Call Menu"
sleep 1
atspi ann checked "Monitor of Null Output (playback.monitor)" || fail "the microphone chosen is not checked"
keys Escape
echo "ok: choosing a microphone checks it"

# Plugged in meanwhile: a sink of its own name.
pactl load-module module-null-sink sink_name=later sink_properties=device.description=Later > /dev/null ||
  fail "pactl load-module"
sleep 1
atspi ann press "Call Menu"
wait_for "the new sink's monitor in the Call Menu" menu_has "Monitor of Later"
import -window root "$logdir/call-devices-hotplug-light.png"
keys Escape
echo "ok: a device plugged in shows in the Call Menu"

# 360 px wide: the tiles still show the preview, and the call's buttons,
# with no room left in the header bar, move to a bar at the bottom of
# the window, where Mute mutes and the Call Menu opens.
xdotool windowsize --sync "$win" 640 700
sleep 1
xdotool windowsize --sync "$win" 360 700
sleep 1.5
import -window root "$logdir/call-devices-360-light.png"
bars_in "$logdir/call-devices-360-light.png" "$(own_tile ann)" || fail "no preview at 360 px"
# click_at_bottom NAME: clicks the widget called NAME in the window's
# bottom 80 px (the header bar keeps its own, squeezed away).
click_at_bottom() {
  set -- $(atspi ann all-extents "$1" | awk -F'[x+]' '$2 > 0 && $4 > 620 { print $3 + int($1 / 2), $4 + int($2 / 2); exit }')
  [ $# -eq 2 ] || return 1
  xdotool mousemove --window "$win" "$1" "$2" click 1
}
click_at_bottom "Mute" || fail "no Mute button at the bottom of the 360 px window"
wait_for "Ann's tile to show her muted" menu_has "Muted"
echo "ok: at 360 px the bar at the bottom mutes"
click_at_bottom "Call Menu" || fail "no Call Menu at the bottom of the 360 px window"
wait_for "the bottom bar's Call Menu to open" menu_has "Speaker"
sleep 0.5
import -window root "$logdir/call-devices-menu-360-light.png"
echo "ok: at 360 px the bar at the bottom opens the Call Menu"
keys Escape
click_at_bottom "Mute"
xdotool windowsize --sync "$win" 1000 700
sleep 1

# The camera off: Ann's own tile shows her initials, no bars.
atspi ann press "Turn Camera Off" || fail "no camera button"
sleep 2
import -window root "$logdir/call-devices-camera-off-light.png"
n=$(colour_pixels "$logdir/call-devices-camera-off-light.png" "rgb(255,255,0)" "$(own_tile ann)")
[ "$n" -lt 50 ] || fail "Ann's own tile still shows her camera with the camera off ($n yellow px)"
echo "ok: with the camera off, Ann's own tile shows no video"
atspi ann press "Turn Camera Off"

# Dee, dark, joins the call.
export ADW_DEBUG_COLOR_SCHEME=prefer-dark
join_as dee "Dee" "$link"
xdotool windowsize --sync "$dee_win" 1000 700
xdotool windowmove --sync "$dee_win" 0 0
xdotool windowraise "$dee_win"; xdotool windowfocus --sync "$dee_win"
# (The join button says how many are in the call.)
wait_for "Dee's Join Call" atspi dee enabled "Join Call (1 member)"
atspi dee press "Join Call (1 member)" || fail "Dee cannot join the call"
wait_for "Dee's own tile" own_tile dee
sleep 6
import -window root "$logdir/call-devices-dark.png"
bars_in "$logdir/call-devices-dark.png" "$(own_tile dee)" || fail "Dee's own tile does not show her camera"
bars_in "$logdir/call-devices-dark.png" "$(atspi dee extents "Ann" panel)" || fail "Dee does not see Ann's camera"
echo "ok: Dee sees her own preview and Ann's camera"
atspi dee press "Call Menu" || fail "no Call Menu in Dee's window"
sleep 1
import -window root "$logdir/call-devices-menu-dark.png"
keys Escape
no_criticals
echo "PASS"
