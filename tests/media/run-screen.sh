#!/bin/sh
# Screen sharing through real components (run by xvfb-run, whose 1920×1080
# screen is shared): conferd on loopback; Ann, an editor, shares the X
# screen with `confer-cli call --screen` and no camera; Gus, a guest,
# receives it — his real webrtcbin descriptions pass conferd's check that
# a guest sends no screen — and is refused when he tries to share too.
# Usage: run-screen.sh CONFERD CONFER_CLI
#   Gus's per-peer lines carry Ann's screen, 1920×1080, frames of it
#   decoded and stamped (latency measured); his summary says so; his own
#   --screen join exits 1 with the server's refusal. (How many frames a
#   second arrive depends on the machine's load — 1 to 15 here — and is
#   the `screen` benchmark's to measure, not this test's.)
set -u
conferd="$1"; cli="$2"
. "$(dirname "$0")/call-driver.sh"
need_call xdpyinfo
need_elements ximagesrc
. "$(dirname "$0")/../server/server-driver.sh"
xdpyinfo | grep -q "dimensions: *1920x1080 " || fail "the X screen is not 1920×1080: $(xdpyinfo | grep dimensions)"

start_session Screen
editor=$("$cli" invite "$link" --role editor) || fail "the editor's invite"
guest=$("$cli" invite "$link" --role guest) || fail "the guest's invite"

"$cli" call "$editor" --name Ann --seconds 12 --screen --video none --audio none > "$dir/ann.out" 2> "$dir/ann.err" &
ann=$!
pids="$pids $ann"
for _ in $(seq 400); do grep -q '"joined"' "$dir/ann.out" 2>/dev/null && break; sleep 0.05; done
grep -q '"joined"' "$dir/ann.out" || { cat "$dir/ann.err"; fail "Ann did not join the call"; }

if "$cli" call "$guest" --name Gail --seconds 2 --screen --audio none > "$dir/gail.out" 2> "$dir/gail.err"; then
  fail "a guest joined the call sharing a screen"
fi
grep -q "does not allow sharing a screen" "$dir/gail.err" || fail "the guest's share was refused with “$(cat "$dir/gail.err")”"

"$cli" call "$guest" --name Gus --seconds 8 --audio none > "$dir/gus.out" 2> "$dir/gus.err" ||
  { cat "$dir/gus.err"; fail "Gus's call failed"; }
wait "$ann" || { cat "$dir/ann.err"; fail "Ann's call failed"; }
grep -q "forbidden\|does not allow" "$dir/gus.err" "$dir/ann.err" && fail "conferd refused a description: $(cat "$dir/gus.err" "$dir/ann.err")"

echo "gus: $(tail -n 1 "$dir/gus.out")"
grep '^{' "$dir/gus.out" | jq -c 'select(.screen) | {state, receive_kbps, screen}' | tail -n 3
grep '^{' "$dir/gus.out" | jq -se 'any(.[]; .screen.width == 1920 and .screen.height == 1080 and .screen.frames_received >= 2 and
                                            .screen.frames_stamped > 0 and .screen.latency_ms != null)' >/dev/null ||
  fail "Gus's lines never showed Ann's screen at 1920×1080, frames of it decoded and stamped"
tail -n 1 "$dir/gus.out" |
  grep -Eq "^call: 1 peers, video received none, audio none, latency not measured, screen received 1920×1080 at [0-9.]+ fps, latency p50 [0-9]+ ms p95 [0-9]+ ms$" ||
  fail "Gus ended with “$(tail -n 1 "$dir/gus.out")”"
# Ann receives Gus's camera and no screen from him.
tail -n 1 "$dir/ann.out" | grep -Eq "^call: 1 peers, video received 640×360 at [0-9.]+ fps, audio none, latency p50 [0-9]+ ms p95 [0-9]+ ms$" ||
  fail "Ann ended with “$(tail -n 1 "$dir/ann.out")”"
echo "PASS: Ann's 1920×1080 screen reached Gus, a guest; Gus could not share his"
