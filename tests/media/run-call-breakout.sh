#!/bin/sh
# Breakout rooms through real components: conferd on loopback, three
# `confer-cli call` peers with GStreamer's test sources, and an owner's
# `confer-cli breakout` splitting the call and bringing everyone back.
# Usage: run-call-breakout.sh CONFERD CONFER_CLI
#   Ann, Bob and Carl are one mesh. A commenter may not open rooms. The
#   owner opens One and Two, letting members choose, and puts Ann and Bob
#   in One; Carl, started with --room Two, moves there by himself. While
#   split, Ann and Bob receive each other in One and Carl receives nobody
#   in Two; once everyone is back, all three receive each other again.
#   Every connection carries at least 90 % of the video frames sent on it,
#   and sound.
set -u
conferd="$1"; cli="$2"
. "$(dirname "$0")/call-driver.sh"
need_call
. "$(dirname "$0")/../server/server-driver.sh"

start_session Breakout
# Three peers' video at 10 fps: lighter than call-driver.sh's 15 for a
# run three times as long on a shared 2-core machine.
call ann 45 --fps 10
wait_for_line ann '"joined"'
call bob 44 --fps 10
wait_for_line bob '"joined"'
call carl 43 --fps 10 --room Two
wait_for_line carl '"joined"'

# wait_for_count NAME PATTERN N: waits until NAME printed N lines matching
# PATTERN, for at most 20 s.
wait_for_count() {
  for _ in $(seq 400); do
    [ "$(grep -c "$2" "$dir/$1.out" 2>/dev/null)" -ge "$3" ] && return
    sleep 0.05
  done
  cat "$dir/$1.err"
  fail "$1 printed “$2” fewer than $3 times"
}
# Everyone sees the other two, and a few seconds of video go between them.
for name in ann bob carl; do wait_for_count "$name" '"first_frame"' 2; done
sleep 6

commenter=$("$cli" invite "$link" --role commenter) || fail "the commenter's invite"
if "$cli" breakout open "$commenter" --name Cody One Two > "$dir/cody.out" 2> "$dir/cody.err"; then
  fail "a commenter opened breakout rooms"
fi
grep -q "does not allow running breakout rooms" "$dir/cody.err" ||
  fail "the commenter was refused with “$(cat "$dir/cody.err")”"

# An assignment to a room not opened is refused before connecting.
"$cli" breakout open "$link" --name Olga One --assign ann=Three 2> "$dir/bad.err"
[ $? = 2 ] || fail "an assignment to a room not opened did not exit 2: $(cat "$dir/bad.err")"

"$cli" breakout open "$link" --name Olga One Two --choose --assign ann=One --assign bob=One \
  > "$dir/open.out" 2> "$dir/open.err" || { cat "$dir/open.err"; fail "the owner could not open the rooms"; }
cat "$dir/open.out"
ann=$(grep '^{' "$dir/ann.out" | jq -r 'select(.joined) | .joined')
bob=$(grep '^{' "$dir/bob.out" | jq -r 'select(.joined) | .joined')
carl=$(grep '^{' "$dir/carl.out" | jq -r 'select(.joined) | .joined')
jq -e --arg a "$ann" --arg b "$bob" '.rooms[0].name == "One" and .rooms[1].name == "Two" and .choose and
      (.rooms[0].members | sort) == ([$a, $b] | sort)' "$dir/open.out" >/dev/null ||
  fail "the rooms opened are not One with Ann and Bob, and Two"

for name in ann bob; do wait_for_line "$name" '"room":"One"'; done
wait_for_line carl '"room":"Two"'
# Ann and Bob connect again in One, and stay split a while.
wait_for_count ann '"room":"One".*"state":"connected"' 1
wait_for_count bob '"room":"One".*"state":"connected"' 1
sleep 8

"$cli" breakout return "$link" --name Olga > "$dir/return.out" 2> "$dir/return.err" ||
  { cat "$dir/return.err"; fail "the owner could not bring everyone back"; }
jq -e '.rooms == [] and (.main | length) == 3' "$dir/return.out" >/dev/null ||
  fail "not everyone came back: $(cat "$dir/return.out")"
for name in ann bob carl; do wait_for_count "$name" '"room":"main"' 2; done

finish carl
finish bob
finish ann

json() { grep '^{' "$dir/$1.out"; }
for name in ann bob carl; do
  echo "$name: $(tail -n 1 "$dir/$name.out")"
  json "$name" | jq -c 'select(.final) | {peer, room, frames_received, frames_sent, audio_dbfs}'
done

# Each final line is what its receiver got from one sender in one room;
# the sender's final line about that receiver — the same pair's same
# connection, counted in order — says how many frames it sent on it.
for name in ann bob carl; do
  json "$name" | jq -c 'if .joined then {me: .joined} else select(.final) end' |
    jq -sc '(.[0].me) as $me | .[1:] | group_by(.peer)[] | to_entries[] |
            {to: $me, from: .value.peer, n: .key, room: .value.room, received: .value.frames_received,
             sent: .value.frames_sent, audio: (.value.audio_dbfs // -200)}'
done > "$dir/pairs.jsonl"
jq -s '.' "$dir/pairs.jsonl" > "$dir/pairs.json"
jq -r '. as $all | .[] | . as $p | ($all[] | select(.from == $p.to and .to == $p.from and .n == $p.n) | .sent) as $sent |
       "\($p.from) → \($p.to) in \($p.room): \($p.received) of \($sent) frames, audio \($p.audio) dBFS"' "$dir/pairs.json"

# Who was whose peer, in which rooms, in order.
rooms_of() { jq -r --arg f "$1" --arg t "$2" '[.[] | select(.from == $f and .to == $t) | .room] | join(" ")' "$dir/pairs.json"; }
[ "$(rooms_of "$ann" "$bob")" = "main One main" ] || fail "Bob received Ann in “$(rooms_of "$ann" "$bob")”, not main, One, main"
[ "$(rooms_of "$bob" "$ann")" = "main One main" ] || fail "Ann received Bob in “$(rooms_of "$bob" "$ann")”, not main, One, main"
for pair in "$ann $carl" "$carl $ann" "$bob $carl" "$carl $bob"; do
  # shellcheck disable=SC2086 # two words
  set -- $pair
  [ "$(rooms_of "$1" "$2")" = "main main" ] || fail "$2 received $1 in “$(rooms_of "$1" "$2")”, not main twice"
done
json carl | jq -se 'all(.[]; .room != "Two" or (has("peer") | not))' >/dev/null ||
  fail "Carl had a peer in Two, where he was alone"
n_pairs=$(jq 'length' "$dir/pairs.json")
[ "$n_pairs" = 14 ] || fail "$n_pairs connections were reported, not 14"
jq -e '. as $all | all(.[]; . as $p | ($all[] | select(.from == $p.to and .to == $p.from and .n == $p.n) | .sent) as $sent |
                       $sent >= 30 and $p.received >= 0.9 * $sent)' "$dir/pairs.json" >/dev/null ||
  fail "a peer received less than 90 % of the frames sent to it (or fewer than 30 were sent)"
jq -e 'all(.[]; .audio > -50)' "$dir/pairs.json" >/dev/null || fail "a peer's audio was silent"

check_summary() {
  tail -n 1 "$dir/$1.out" | grep -Eq "^call: 2 peers, video received 320×180 at [0-9.]+ fps, audio ok, latency .*, rooms $2$" ||
    fail "$1 ended with “$(tail -n 1 "$dir/$1.out")”, not rooms $2"
}
check_summary ann "main 2 peers, One 1 peer, main 2 peers"
check_summary bob "main 2 peers, One 1 peer, main 2 peers"
check_summary carl "main 2 peers, Two 0 peers, main 2 peers"
echo "PASS: split into One (Ann, Bob) and Two (Carl, by --room) and back, $n_pairs connections each with ≥ 90 % of the frames and sound; a commenter refused"
