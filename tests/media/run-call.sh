#!/bin/sh
# A call through real components: conferd on loopback and three
# `confer-cli call` peers with GStreamer's test sources, each in its own
# process, a full mesh of webrtcbin peers over DTLS-SRTP.
# Usage: run-call.sh CONFERD CONFER_CLI
#   Ann and Bob stay in the call; Carl joins, leaves, and joins again as a
#   new member. Each receives at least 90 % of the video frames each other
#   sent it while they were connected, and audio that is not silent; every
#   run ends with its "call:" line. A viewer is refused and never becomes
#   anyone's peer.
set -u
conferd="$1"; cli="$2"
. "$(dirname "$0")/call-driver.sh"
need_call
. "$(dirname "$0")/../server/server-driver.sh"

start_session Call
call ann 16
wait_for_line ann '"joined"'
call bob 15
wait_for_line bob '"joined"'
call carl1 5
wait_for_line carl1 '"joined"'
finish carl1
call carl2 5
wait_for_line carl2 '"joined"'

viewer=$("$cli" invite "$link" --role viewer) || fail "the viewer's invite"
if "$cli" call "$viewer" --name Vera --seconds 2 $options > "$dir/vera.out" 2> "$dir/vera.err"; then
  fail "a viewer joined the call"
fi
grep -q "does not allow taking part in calls" "$dir/vera.err" || fail "the viewer was refused with “$(cat "$dir/vera.err")”"
grep -q '"joined"' "$dir/vera.out" && fail "the viewer printed that it joined"

finish carl2
finish bob
finish ann

for name in ann bob carl1 carl2; do
  echo "$name: $(tail -n 1 "$dir/$name.out")"
  grep '^{' "$dir/$name.out" | jq -c 'select(.final) | {peer, frames_received, frames_sent, audio_dbfs, average_fps}'
done

# Every run ends with the summary: its peers, the frames' size, audio heard,
# the latency measured from the frames' stamps.
check_summary() {
  tail -n 1 "$dir/$1.out" |
    grep -Eq "^call: $2 peers, video received 320×180 at [0-9.]+ fps, audio ok, latency p50 [0-9]+ ms p95 [0-9]+ ms$" ||
    fail "$1 ended with “$(tail -n 1 "$dir/$1.out")”, not $2 peers with video, audio and latency"
}
check_summary ann 3
check_summary bob 3
check_summary carl1 2
check_summary carl2 2

# The JSON lines of a run (its last line is the summary).
json() { grep '^{' "$dir/$1.out"; }

# Carl came back as a new member.
carl1=$(json carl1 | jq -r 'select(.joined) | .joined')
carl2=$(json carl2 | jq -r 'select(.joined) | .joined')
[ "$carl1" != "$carl2" ] || fail "Carl rejoined as the same member $carl1"
for name in ann bob; do
  for member in "$carl1" "$carl2"; do
    json "$name" | jq -se --arg m "$member" 'any(.[]; .final and .peer == $m)' >/dev/null ||
      fail "$name never had Carl's member $member as a peer"
  done
done

# Each final line is what its receiver got from one sender; the sender's
# final line about that receiver says how many frames it sent while they
# were connected.
for name in ann bob carl1 carl2; do
  json "$name" | jq -c 'if .joined then {me: .joined} else select(.final) end' |
    jq -sc '(.[0].me) as $me | .[1:][] | {to: $me, from: .peer, received: .frames_received, sent: .frames_sent,
                                          audio: (.audio_dbfs // -200)}'
done > "$dir/pairs.jsonl"
jq -s '.' "$dir/pairs.jsonl" > "$dir/pairs.json"
n_pairs=$(jq 'length' "$dir/pairs.json")
[ "$n_pairs" = 10 ] || fail "$n_pairs peer connections were reported, not 10 (Ann–Bob, Ann/Bob–Carl twice, both ways)"
jq -r '. as $all | .[] | . as $p | ($all[] | select(.from == $p.to and .to == $p.from) | .sent) as $sent |
       "\($p.from) → \($p.to): \($p.received) of \($sent) frames, audio \($p.audio) dBFS"' "$dir/pairs.json"
jq -e '. as $all | all(.[]; . as $p | ($all[] | select(.from == $p.to and .to == $p.from) | .sent) as $sent |
                       $sent >= 30 and $p.received >= 0.9 * $sent)' "$dir/pairs.json" >/dev/null ||
  fail "a peer received less than 90 % of the frames sent to it (or fewer than 30 were sent)"
jq -e 'all(.[]; .audio > -50)' "$dir/pairs.json" >/dev/null || fail "a peer's audio was silent"
echo "PASS: 3 peers, Carl rejoined, $n_pairs connections each with ≥ 90 % of the frames and sound; the viewer refused"
