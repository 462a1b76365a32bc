#!/bin/sh
# Screen sharing's glass-to-glass latency at 1080p (run by xvfb-run, whose
# 1920×1080 screen is shared): conferd on loopback; Ann shares the X
# screen (`confer-cli call --screen`, no camera, no tone) for SECONDS;
# Bob receives it. Every shared frame carries its number and the time it
# left the screen capture in its pixels (the frame stamps of
# confer-call-stamp.c), read back once Bob has decoded it (same clock).
# The screen shows large text with a region that changes every frame
# (an xclock-like counter drawn by a loop of `convert | display`), so
# the encoder is not only skipping unchanged blocks. Prints Bob's
# summary, his latency p50/p95 over the frames received after the
# connection was up, the frame rate, the bitrate, and each side's CPU
# time over the run (user + system, % of one core).
# Usage: run-bench-screen.sh CONFERD CONFER_CLI [SECONDS]
set -u
conferd="$1"; cli="$2"; seconds="${3:-30}"
. "$(dirname "$0")/../server/server-driver.sh"
for program in convert display jq; do
  command -v "$program" >/dev/null 2>&1 || { echo "SKIP: $program is missing"; exit 77; }
done
start_session Screen
keep="${CONFER_BENCH_KEEP:-}"

# A changing screen: the time in large digits over a page of text, twice
# a second, on the root window (Xvfb keeps it: no client needs to stay).
(
  while :; do
    convert -size 1920x1080 xc:white -font DejaVu-Sans -pointsize 36 -fill black \
      -annotate +80+200 "Quarterly roadmap: ship screen sharing, annotations, recording." \
      -annotate +80+260 "Benchmark: glass-to-glass latency of a 1080p shared screen." \
      -font DejaVu-Sans-Bold -pointsize 160 -annotate +80+600 "$(date +%T.%N | cut -c1-10)" png:- |
      display -window root - 2>/dev/null
    sleep 0.5
  done
) &
pids="$pids $!"

cpu_of() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }   # utime + stime, clock ticks
ticks=$(getconf CLK_TCK)

"$cli" call "$link" --name Ann --seconds $((seconds + 4)) --screen --video none --audio none \
  > "$dir/ann.out" 2> "$dir/ann.err" &
ann=$!
pids="$pids $ann"
for _ in $(seq 400); do grep -q '"joined"' "$dir/ann.out" 2>/dev/null && break; sleep 0.05; done
"$cli" call "$link" --name Bob --seconds "$seconds" --video none --audio none > "$dir/bob.out" 2> "$dir/bob.err" &
bob=$!
pids="$pids $bob"
start=$(date +%s.%N)
ann_start=$(cpu_of $ann); bob_start=$(cpu_of $bob)
sleep $((seconds - 1))
ann_end=$(cpu_of $ann); bob_end=$(cpu_of $bob)
end=$(date +%s.%N)
wait $bob || { cat "$dir/bob.err"; fail "Bob's call failed"; }
wait $ann || { cat "$dir/ann.err"; fail "Ann's call failed"; }

summary=$(tail -n 1 "$dir/bob.out")
echo "bob: $summary"
echo "$summary" | grep -q "screen received 1920×1080" || fail "Bob did not receive the 1080p screen"
kbps=$(grep '^{' "$dir/bob.out" | jq -s '[.[] | select(.screen and (.final | not)) | .receive_kbps] | if length > 0 then (add / length | floor) else 0 end')
awk -v a0="$ann_start" -v a1="$ann_end" -v b0="$bob_start" -v b1="$bob_end" -v t0="$start" -v t1="$end" -v hz="$ticks" \
  -v kbps="$kbps" 'BEGIN {
    s = t1 - t0
    printf "sharer CPU %.0f %% of a core, viewer CPU %.0f %%, %d kbit/s received on average\n",
           100 * (a1 - a0) / hz / s, 100 * (b1 - b0) / hz / s, kbps
  }'
uptime
[ -n "$keep" ] && cp "$dir/bob.out" "$dir/ann.out" "$keep"/
true
