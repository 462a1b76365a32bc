#!/bin/sh
# Calls on loopback (run by xvfb-run): conferd with one session, and
#   1. the app's set-up: bench-call-app (its header says what it times)
#      joins a call Bob (a `confer-cli call` peer, 640×360 at 30 fps) is
#      in, RUNS times, each a new app process on a D-Bus session of its
#      own with the accessibility bus up, as in a GNOME session;
#   2. the CLI's set-up: Ann (`confer-cli call`) joins Bob's call RUNS
#      times; her `after_join_ms` is from joining to Bob's first decoded
#      frame;
#   3. the CPU of a two-party call at 640×360 and at 1280×720, 30 fps,
#      SECONDS long: Ann's user + system time over her run (her process
#      is every thread of her side of the call), and what each received;
#   4. a four-party mesh at 640×360, 30 fps: the frame rate each received
#      from each other, and each one's CPU.
# GStreamer's test sources throughout (a tone, the SMPTE bars, stamped).
# Bob runs at the lowest CPU priority in 1 and 2: he stands for a
# participant on another machine.
# Usage: run-bench-call.sh CONFERD CONFER_CLI BENCH_CALL_APP [RUNS] [SECONDS]
# (SECONDS is kept in $duration: call-driver.sh's call() sets $seconds.)
set -u
conferd="$1"; cli="$2"; bench="$3"; runs="${4:-8}"; duration="${5:-20}"
. "$(dirname "$0")/../media/call-driver.sh"
need_call
. "$(dirname "$0")/../server/server-driver.sh"
export CONFER_CALL_SOURCES=test CONFER_AUDIO_SINK=fakesink GSETTINGS_BACKEND=memory
start_session Calls
echo "machine: $(nproc) cores, $(uname -sr); $(date -u +%Y-%m-%d)"

# median: the middle of the numbers on standard input (the lower middle
# of an even count).
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

echo "== 1. the app: Join Call to the first remote frame shown (ms)"
options="--size 640x360 --fps 30"
: > "$dir/app.ms"
for i in $(seq "$runs"); do
  # A Bob of his own for each run, who has seen no earlier member: each
  # run measures the same.
  nice -n 19 "$cli" call "$link" --name "bob$i" --seconds 14 $options > "$dir/bob$i.out" 2> "$dir/bob$i.err" &
  eval "pid_bob$i=$!"
  pids="$pids $!"
  wait_for_line "bob$i" '"joined"'
  XDG_DATA_HOME="$dir/xdg-$i" dbus-run-session -- sh -c 'dbus-send --session --print-reply --dest=org.a11y.Bus \
      /org/a11y/bus org.a11y.Bus.GetAddress > /dev/null || exit 1; exec "$@"' sh "$bench" "$link" \
    > "$dir/app-$i.out" 2> "$dir/app-$i.err" || { cat "$dir/app-$i.err"; fail "bench-call-app, run $i"; }
  awk '/^setup-ms/ { print $2 }' "$dir/app-$i.out" | tee -a "$dir/app.ms"
  finish "bob$i"
done
echo "app set-up median $(median < "$dir/app.ms") ms, max $(sort -n "$dir/app.ms" | tail -n 1) ms"

echo "== 2. confer-cli call: joining to the first remote frame decoded (ms)"
call bob $((runs * 4 + 4))
renice -n 19 -p "$pid_bob" > /dev/null
wait_for_line bob '"joined"'
: > "$dir/cli.ms"
for i in $(seq "$runs"); do
  call "ann$i" 2
  finish "ann$i"
  grep '^{' "$dir/ann$i.out" | jq -r 'select(.first_frame) | .after_join_ms' | tee -a "$dir/cli.ms"
done
echo "CLI set-up median $(median < "$dir/cli.ms") ms, max $(sort -n "$dir/cli.ms" | tail -n 1) ms"
finish bob

# cpu NAME: NAME's CPU over its run, % of one core, from /usr/bin/time's
# line in its error output.
cpu() { awk -F'[ =]' '/^cpu/ { printf "%.0f", 100 * ($3 + $5) / $7 }' "$dir/$1.err"; }
# timed NAME SECONDS [OPTION…]: call's peer, under /usr/bin/time.
timed() {
  name="$1"; secs="$2"; shift 2
  # shellcheck disable=SC2086 # the options are words
  /usr/bin/time -f "cpu user=%U sys=%S wall=%e" "$cli" call "$link" --name "$name" --seconds "$secs" $options "$@" \
    > "$dir/$name.out" 2> "$dir/$name.err" &
  eval "pid_$name=$!"
  pids="$pids $!"
}

echo "== 3. two participants, 30 fps: CPU per participant"
for size in 640x360 1280x720; do
  options="--size $size --fps 30"
  timed "b$size" $((duration + 2))
  wait_for_line "b$size" '"joined"'
  timed "a$size" "$duration"
  finish "a$size"
  finish "b$size"
  echo "$size: Ann $(cpu "a$size") % of a core — $(tail -n 1 "$dir/a$size.out")"
done

echo "== 4. four participants at 640x360, 30 fps"
options="--size 640x360 --fps 30"
for name in p1 p2 p3 p4; do
  timed "$name" $((duration + 8))
  wait_for_line "$name" '"joined"'
done
for name in p1 p2 p3 p4; do
  finish "$name"
  echo "$name: $(cpu "$name") % of a core, received fps $(grep '^{' "$dir/$name.out" | jq -r 'select(.final) | .average_fps' | tr '\n' ' ')— $(tail -n 1 "$dir/$name.out")"
done
