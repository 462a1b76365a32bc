#!/bin/sh
# The video bitrate follows loss, through real components: conferd on
# loopback and two `confer-cli call` peers with GStreamer's test sources.
# Usage: run-call-loss.sh CONFERD CONFER_CLI
#   Ann drops a fifth of the video packets she sends Bob for 6 s
#   (--drop, before webrtcbin: Bob's RTCP reports see a lossy link). Her
#   reports of the loss must say so (over 10 %) all through it, in at
#   least three different reports (Bob's key frame requests once starved
#   his reports: one came, then none until the loss was over), her
#   encoder's target must fall below what it was before the loss, and
#   once the loss ends it must climb again; before the loss nobody
#   reports any. How fast it reacts is not asserted (docs/benchmarks.md
#   has the figures, read from the same lines).
set -u
conferd="$1"; cli="$2"
. "$(dirname "$0")/call-driver.sh"
need_call
. "$(dirname "$0")/../server/server-driver.sh"
options="--size 640x360 --fps 15"
stats() { grep '^{"peer"' "$dir/$1.out"; }

start_session Loss
call bob 24
wait_for_line bob '"joined"'
call ann 22 --drop 20 --drop-after 8 --drop-seconds 6
finish ann
finish bob
# Ann's lines, each with the time since she began joining (at_ms); the
# loss ran from about 8 s to 14 s after she joined.
stats ann | jq -c '{at_ms, video_bitrate_kbps, remote_loss}' > "$dir/ann.rates"
cat "$dir/ann.rates"
before=$(jq -s '[.[] | select(.at_ms >= 4000 and .at_ms < 8000) | .video_bitrate_kbps] | min' "$dir/ann.rates")
lowest=$(jq -s '[.[] | select(.at_ms >= 9000 and .at_ms < 16000) | .video_bitrate_kbps] | min' "$dir/ann.rates")
reported=$(jq -s '[.[] | select(.at_ms >= 9000 and .at_ms < 16000) | .remote_loss] | max' "$dir/ann.rates")
lossy=$(jq -s '[.[] | select(.at_ms >= 9000 and .at_ms < 16000 and .remote_loss > 0.10) | .remote_loss] | unique | length' "$dir/ann.rates")
after=$(jq -s '[.[] | select(.at_ms >= 20000) | .video_bitrate_kbps] | max' "$dir/ann.rates")
quiet=$(jq -s '[.[] | select(.at_ms < 8000) | .remote_loss] | max' "$dir/ann.rates")
[ "$before" != null ] && [ "$lowest" != null ] && [ "$after" != null ] || fail "Ann printed too few statistics"
awk -v q="$quiet" 'BEGIN { exit !(q < 0.02) }' || fail "Bob reported loss ($quiet) before any was made"
awk -v r="$reported" 'BEGIN { exit !(r > 0.10) }' || fail "Bob's reports never said more than 10 % was lost ($reported)"
[ "$lossy" -ge 3 ] || fail "only $lossy of Bob's reports during the loss said more than 10 % was lost"
[ "$lowest" -lt "$before" ] || fail "the bitrate did not fall with the loss ($before kbit/s before, $lowest at the lowest)"
[ "$after" -gt "$lowest" ] || fail "the bitrate did not recover after the loss ($lowest kbit/s at the lowest, $after after)"
grep -q '^call: 1 peers, video received 640×360' "$dir/bob.out" || { cat "$dir/bob.out"; fail "Bob's call did not end well"; }
echo "ok: $before kbit/s before the loss, $lowest at the lowest (reported loss up to $reported), $after after"
