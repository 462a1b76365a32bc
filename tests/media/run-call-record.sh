#!/bin/sh
# Recording a call through real components: conferd on loopback and three
# `confer-cli call` peers with GStreamer's test sources.
# Usage: run-call-record.sh CONFERD CONFER_CLI
#   Ann (the owner) records the whole of her stay, finished by leaving;
#   Carl sends no audio, and records 4 s of his own from 2 s after he
#   joined, stopped while he stays; Bob, who comes after Carl, sends the test tone and leaves
#   halfway. Each file is WebM
#   with a VP8 video track and an Opus audio track, lasts the time it
#   recorded ± 1 s, is seekable, decodes to its end, and its sound is
#   not silent. Ann's recording shows Bob, the one speaking, then Carl
#   once Bob left. Everyone in the session is told who records (the
#   recorders lines), Bob included; a commenter (whose role may not
#   record) is refused by the server and writes no file.
set -u
conferd="$1"; cli="$2"
. "$(dirname "$0")/call-driver.sh"
need_call gst-discoverer-1.0 gst-launch-1.0 sox
need_elements webmmux matroskademux input-selector
. "$(dirname "$0")/../server/server-driver.sh"
json() { grep '^{' "$dir/$1.out"; }
member_of() { json "$1" | jq -r 'select(.joined) | .joined'; }

start_session Record
# Ann and Carl stay some 6 s after Bob left: the recording goes back to
# Carl only after the speaker's hold and a key frame of his, and each
# member joins once its certificate is made and its plugins loaded.
call ann 17 --record "$dir/ann.webm"
wait_for_line ann '"recording"'
call carl 13 --audio none --record "$dir/carl.webm" --record-after 2 --record-seconds 4
wait_for_line carl '"recording"'
sleep 1
call bob 6
wait_for_line bob '"joined"'

# A commenter may take part but not record: the server refuses, and no
# file is written. (He sends no audio: he is no one's speaker.)
commenter=$("$cli" invite "$link" --role commenter) || fail "the commenter's invite"
if "$cli" call "$commenter" --name Cole --seconds 2 $options --audio none --record "$dir/cole.webm" > "$dir/cole.out" 2> "$dir/cole.err"
then
  fail "a commenter recorded the call"
fi
grep -q "does not allow recording calls" "$dir/cole.err" || fail "the commenter was refused with “$(cat "$dir/cole.err")”"
[ ! -e "$dir/cole.webm" ] || fail "the refused commenter wrote $dir/cole.webm"
echo "ok: a commenter may not record: $(cat "$dir/cole.err")"

finish bob
finish carl
finish ann
for name in ann bob carl; do
  echo "$name:"; json "$name" | jq -c 'select(.final | not)' | grep -v '"send_kbps"'
done

ann=$(member_of ann); bob=$(member_of bob); carl=$(member_of carl); cole=$(member_of cole)
[ -n "$ann" ] && [ -n "$bob" ] && [ -n "$carl" ] || fail "a peer did not say its member id"

# Everyone was told who records: Bob saw Ann; Ann saw Carl start and stop;
# nobody ever saw the commenter among the recorders.
json bob | jq -se --arg a "$ann" 'any(.[]; .recorders and (.recorders | index($a)))' >/dev/null ||
  fail "Bob was never told that Ann records"
json ann | jq -se --arg a "$ann" --arg c "$carl" \
  '[.[] | select(.recorders) | .recorders | index($c) != null] | index(true) != null and .[-1] == false' >/dev/null ||
  fail "Ann was not told that Carl recorded, then stopped"
for name in ann bob carl; do
  json "$name" | jq -se --arg c "$cole" '[.[] | select(.recorders) | .recorders[]] | index($c) == null' >/dev/null ||
    fail "$name was told the refused commenter records"
done
echo "ok: the others are told who records"

# Ann's recording shows Carl, whose video came first, then Bob, who
# speaks (Carl sends no audio), then Carl again once Bob left.
json ann | jq -se --arg b "$bob" --arg c "$carl" \
  '[.[] | select(has("speaker")) | .speaker | select(. != null)] | . == [$c, $b, $c]' \
  >/dev/null || fail "Ann's recording did not show Bob speaking, then Carl: $(json ann | jq -c 'select(has("speaker"))' | tr '\n' ' ')"
echo "ok: Ann's recording followed the speaker"

# check_recording NAME: NAME's file is WebM with VP8 and Opus, seekable,
# lasting what NAME says it recorded ± 1 s, decoding to its end, with
# sound.
check_recording() {
  file="$dir/$1.webm"
  [ -s "$file" ] || fail "$1 wrote no recording"
  recorded_ms=$(json "$1" | jq -r 'select(.recorded) | .duration_ms')
  [ -n "$recorded_ms" ] || fail "$1 did not say it recorded"
  gst-discoverer-1.0 "$file" > "$dir/$1.discoverer" 2>&1 || { cat "$dir/$1.discoverer"; fail "$file does not play"; }
  grep -Eq "container( #[0-9]+)?: WebM" "$dir/$1.discoverer" || { cat "$dir/$1.discoverer"; fail "$file is not WebM"; }
  grep -Eq "video( #[0-9]+)?: VP8" "$dir/$1.discoverer" || { cat "$dir/$1.discoverer"; fail "$file has no VP8 video track"; }
  grep -Eq "audio( #[0-9]+)?: Opus" "$dir/$1.discoverer" || { cat "$dir/$1.discoverer"; fail "$file has no Opus audio track"; }
  grep -Eq "^ *Seekable: yes" "$dir/$1.discoverer" || fail "$file is not seekable"
  duration=$(sed -n 's/^ *Duration: \([0-9]*\):\([0-9]*\):\([0-9.]*\)$/\1 \2 \3/p' "$dir/$1.discoverer" |
             awk '{ printf "%d", ($1 * 3600 + $2 * 60 + $3) * 1000 }')
  [ -n "$duration" ] && [ "$duration" -gt 0 ] || fail "$file says no duration"
  echo "$1: recorded $recorded_ms ms; the file lasts $duration ms"
  awk -v a="$duration" -v b="$recorded_ms" -v want="$2" \
    'BEGIN { exit !(a - b <= 1000 && b - a <= 1000 && b - want * 1000 <= 1000 && want * 1000 - b <= 1000) }' ||
    fail "$file lasts $duration ms; $1 recorded for $recorded_ms ms, and $2 s were asked"
  gst-launch-1.0 -q filesrc location="$file" ! matroskademux name=demux demux.video_0 ! queue ! vp8dec ! fakesink \
    demux.audio_0 ! queue ! opusdec ! audioconvert ! audio/x-raw,channels=1 ! wavenc ! filesink location="$dir/$1.wav" ||
    fail "$file does not decode to its end"
  rms=$(sox "$dir/$1.wav" -n stats 2>&1 | sed -n 's/^RMS lev dB *//p' | awk '{ print $1 }')
  echo "$1: the recorded sound is at $rms dBFS RMS"
  awk -v rms="$rms" 'BEGIN { exit !(rms > -40) }' || fail "$file's audio is silent ($rms dBFS)"
}
check_recording ann 17
check_recording carl 4
echo "PASS: two recordings (finished by leaving and by stopping) are WebM, VP8 and Opus, last what was recorded and have sound; the speaker followed; everyone was told; a commenter refused"
