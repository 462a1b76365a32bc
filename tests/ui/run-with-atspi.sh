#!/bin/sh
# Runs a command the way a GNOME session runs the app: on a private D-Bus
# session bus with the real accessibility bus (at-spi2-core) reachable and
# GTK's default accessibility backend, under an Xvfb of its own. Fails if the
# accessibility bus cannot be reached, so no test believes it ran with it.
# Usage: run-with-atspi.sh COMMAND [ARGS...]
# The bus daemons write to the standard output they inherit (the AT-SPI
# registry announces itself there), which is the test's TAP stream: they
# get standard error, and the command gets the real standard output back.
# A runtime directory of its own, where the accessibility bus puts its
# socket: without one it is ~/.cache/at-spi/bus for every test run side by
# side, and one test's launcher removed it under another's app.
if [ -z "${CONFER_ATSPI_SESSION:-}" ]; then
  XDG_RUNTIME_DIR=$(mktemp -d)
  CONFER_ATSPI_RUNTIME=$XDG_RUNTIME_DIR
  export XDG_RUNTIME_DIR CONFER_ATSPI_RUNTIME
  exec 3>&1
  CONFER_ATSPI_SESSION=1 exec dbus-run-session -- "$0" "$@" >&2
fi
exec 1>&3 3>&-
unset NO_AT_BRIDGE GTK_A11Y
if ! dbus-send --session --print-reply --dest=org.a11y.Bus /org/a11y/bus org.a11y.Bus.GetAddress \
     2>&1 | grep -q 'string "unix:'; then
  echo "the AT-SPI accessibility bus is not reachable (is at-spi2-core installed?)" >&2
  exit 1
fi
status=0
# Xvfb picks a free display itself and says which (-displayfd): tests
# started side by side cannot take the same one, as xvfb-run -a's look at
# the lock files let them. It does not reset when its last client leaves
# (-noreset), so an app started after another quit finds it there.
xvfb_dir=$(mktemp -d)
# shellcheck disable=SC2086 # the screen's options are words
Xvfb -displayfd 5 -nolisten tcp -noreset ${CONFER_XVFB_SCREEN:--screen 0 1280x800x24} 5>"$xvfb_dir/display" 2>"$xvfb_dir/log" &
xvfb=$!
for _ in $(seq 300); do [ -s "$xvfb_dir/display" ] && break; sleep 0.1; done
if [ ! -s "$xvfb_dir/display" ]; then
  echo "Xvfb did not start: $(cat "$xvfb_dir/log")" >&2
  kill "$xvfb" 2>/dev/null
  rm -rf "$xvfb_dir"
  exit 1
fi
DISPLAY=:$(cat "$xvfb_dir/display")
export DISPLAY
"$@" || status=$?
kill "$xvfb" 2>/dev/null
wait "$xvfb" 2>/dev/null
rm -rf "$xvfb_dir"
# The accessibility bus's launcher (and its own bus and registry) outlive
# the session bus that started them; whatever still uses this session's
# bus ends with the test, so that runs do not pile up daemons (each holds
# inotify instances, of which a user has only 128).
for environ in /proc/[0-9]*/environ; do
  pid=${environ#/proc/}
  pid=${pid%/environ}
  [ "$pid" = $$ ] && continue
  if { tr '\0' '\n' < "$environ"; } 2>/dev/null | grep -qxF "DBUS_SESSION_BUS_ADDRESS=$DBUS_SESSION_BUS_ADDRESS"; then
    kill "$pid" 2>/dev/null || true
  fi
done
rm -rf "$CONFER_ATSPI_RUNTIME"
exit $status
