# call-driver.sh: confer-cli call peers in the background, for the media
# call tests (sourced; its peers need server-driver.sh's $dir, $cli's
# session $link, $pids and fail).
#
# SPDX-License-Identifier: GPL-3.0-or-later

# need_elements ELEMENT...: skips the test (77) without one of GStreamer's
# ELEMENTs.
need_elements() {
  for element in "$@"; do
    gst-inspect-1.0 "$element" >/dev/null 2>&1 || { echo "SKIP: GStreamer's $element is missing"; exit 77; }
  done
}
# need_call [PROGRAM...]: skips the test (77) without what a call needs
# (jq, gst-inspect-1.0, webrtcbin, libnice, VP8, Opus, the test sources)
# or one of the PROGRAMs.
need_call() {
  for program in jq gst-inspect-1.0 "$@"; do
    if ! command -v "$program" >/dev/null 2>&1; then
      echo "SKIP: $program is missing (tools/install-deps.sh installs it)"
      exit 77
    fi
  done
  need_elements webrtcbin nicesrc vp8enc opusenc videotestsrc
}

# Small frames at 15 fps keep three peers (each encoding once and decoding
# twice) light on a 2-core machine; 320 px is wide enough for the stamps.
options="--size 320x180 --fps 15"

# call NAME SECONDS [OPTION...]: a peer in the background, its output in
# $dir/NAME.out.
call() {
  name="$1"; seconds="$2"; shift 2
  # shellcheck disable=SC2086 # the options are words
  "$cli" call "$link" --name "$name" --seconds "$seconds" $options "$@" > "$dir/$name.out" 2> "$dir/$name.err" &
  eval "pid_$name=$!"
  pids="$pids $!"
}
# wait_for_line NAME PATTERN: waits until NAME printed a line matching
# PATTERN (grep's), for at most 20 s.
wait_for_line() {
  for _ in $(seq 400); do
    grep -q "$2" "$dir/$1.out" 2>/dev/null && return
    sleep 0.05
  done
  cat "$dir/$1.err"
  fail "$1 never printed $2"
}
# finish NAME: waits for NAME's call to end, which must end well.
finish() {
  eval "wait \$pid_$1" || { cat "$dir/$1.err"; fail "confer-cli call exited with an error for $1"; }
}
