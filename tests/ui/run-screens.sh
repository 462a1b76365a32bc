#!/bin/sh
# The app as people see it at 360, 640 and 1280 px wide, in the light and
# the dark style (run by run-with-atspi.sh): Confer hosts a session with
# the sample document, opens find and replace, and each width is
# screenshotted into LOG_DIR/screens-WIDTH-STYLE.png, for people to look
# at. Fails if the window cannot be made that narrow (something in it
# would not fit) or the app logs a CRITICAL.
# Then Confer starts again, on its start page with the session under Recent
# Sessions (LOG_DIR/screens-start-STYLE.png).
# Usage: run-screens.sh CONFER LOG_DIR
set -u
app="$1"; logdir="$2"
test_name=screens
. "$(dirname "$0")/app-driver.sh"
# Settings kept on disk, so a restarted Confer lists its recent session.
export GSETTINGS_BACKEND=keyfile

for style in light dark; do
  if [ "$style" = dark ]; then export ADW_DEBUG_COLOR_SCHEME=prefer-dark; else export ADW_DEBUG_COLOR_SCHEME=prefer-light; fi
  start_app "$style" --host
  eval "pid=\$${style}_pid"
  wait_for "the $style window" has_window "$pid"
  win=$(window_of "$pid")
  sleep 1
  typed "Ann"; keys Return
  wait_for "the sample document" sh -c "xdotool search --all --onlyvisible --pid $pid --name 'Confer' | head -n 1 | grep -q ."
  sleep 2
  # The Session Hosted dialog: Enter copies the owner link and closes it.
  keys Return
  sleep 0.5
  xdotool windowfocus --sync "$win"
  xdotool mousemove --window "$win" 700 400 click 1
  sleep 0.3
  keys ctrl+h
  typed "Confer"
  sleep 0.5
  for width in 1280 640 360; do
    xdotool windowsize --sync "$win" "$width" 700 2>/dev/null || xdotool windowsize "$win" "$width" 700
    sleep 1.5
    got=$(xdotool getwindowgeometry "$win" | sed -n 's/.*Geometry: \([0-9]*\)x.*/\1/p')
    [ "$got" -le "$width" ] || fail "the window is $got px wide when asked for $width: something in it does not fit"
    import -window "$win" "$logdir/screens-$width-$style.png" || fail "screenshot"
    echo "screenshot: $logdir/screens-$width-$style.png"
  done
  # Folded, F9 shows the sidebar over the editor.
  keys Escape F9
  sleep 1
  import -window "$win" "$logdir/screens-360-$style-sidebar.png" || fail "screenshot"
  echo "screenshot: $logdir/screens-360-$style-sidebar.png"
  no_criticals
  # Started again, Confer opens on its start page with the session under
  # Recent Sessions, which must show at the default size without scrolling.
  keys ctrl+q
  wait_for "Confer to quit" sh -c "! kill -0 $pid"
  start_app "$style"
  eval "pid=\$${style}_pid"
  wait_for "the $style start page" has_window "$pid"
  sleep 1.5
  win=$(window_of "$pid")
  import -window "$win" "$logdir/screens-start-$style.png" || fail "screenshot"
  echo "screenshot: $logdir/screens-start-$style.png"
  no_criticals
  kill "$pid"
done
echo "ok: 360, 640 and 1280 px, light and dark"
