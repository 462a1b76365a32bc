#!/bin/sh
# Choosing a call's microphone, through real components: a PulseAudio
# daemon of the test's own with two null sinks ("speech" and "playback",
# pulse-driver.sh), speech made by espeak-ng played into "speech" over and
# over, conferd and two confer-cli call peers.
# Usage: run-devices.sh CONFERD CONFER_CLI
#   confer-cli devices (GStreamer's device monitor) lists both sinks'
#   monitors as microphones and both sinks as speakers. Ann calls Bob with
#   --audio device, first from the silent "playback" monitor, then switched
#   to the "speech" monitor during the call: Bob receives silence until the
#   switch and speech after it — only the microphone chosen is heard, though
#   the default microphone is "speech"'s monitor. Carol's tone, played by
#   Dave on the "playback" sink and switched during the call to a third,
#   "other": the sound server has his stream on "playback" alone, then on
#   "other" alone. A microphone that is not there is refused before
#   joining; a device option without --audio device is bad usage.
set -u
conferd="$1"; cli="$2"
. "$(dirname "$0")/pulse-driver.sh"
need_programs pulseaudio pactl paplay parec espeak-ng sox
. "$(dirname "$0")/call-driver.sh"
need_call
need_elements pulsesrc webrtcdsp
. "$(dirname "$0")/../server/server-driver.sh"
start_pulse playback

"$cli" devices > "$dir/devices.jsonl" || fail "confer-cli devices"
cat "$dir/devices.jsonl"
for device in microphone:speech.monitor microphone:playback.monitor speaker:speech speaker:playback; do
  jq -se --arg kind "${device%%:*}" --arg id "${device#*:}" 'any(.[]; .kind == $kind and .id == $id and .name != "")' \
    "$dir/devices.jsonl" >/dev/null || fail "confer-cli devices did not list the ${device%%:*} ${device#*:}"
done

make_speech "$dir/speech" "This is Ann speaking through the microphone she chose."
( while paplay -d speech "$dir/speech-padded.wav"; do :; done ) &
pids="$pids $!"
listen_to_microphone

start_session Devices

# Refused before anything is joined.
"$cli" call "$link" --name Nobody --seconds 2 --audio device --video none --microphone nosuch > "$dir/nosuch.out" \
  2> "$dir/nosuch.err"
[ $? = 1 ] || fail "a missing microphone was not refused with 1"
grep -q "there is no microphone “nosuch”" "$dir/nosuch.err" || fail "the missing microphone: “$(cat "$dir/nosuch.err")”"
grep -q '"joined"' "$dir/nosuch.out" && fail "a missing microphone joined"
"$cli" call "$link" --seconds 2 --microphone speech.monitor > /dev/null 2> "$dir/usage.err"
[ $? = 2 ] || fail "--microphone without --audio device was not bad usage"

call bob 16 --audio none --video none
wait_for_line bob '"joined"'
call ann 13 --audio device --video none --microphone playback.monitor --switch-microphone speech.monitor --switch-after 7
wait_for_line ann '"joined"'
finish ann
finish bob

grep -q '^{"microphone":"speech.monitor"}$' "$dir/ann.out" || fail "Ann never switched: $(cat "$dir/ann.out")"
ann=$(grep '^{' "$dir/ann.out" | jq -r 'select(.joined) | .joined')
grep '^{' "$dir/bob.out" | jq -c --arg ann "$ann" 'select(.peer == $ann) | {at_ms, audio_ms, audio_dbfs, final}' \
  > "$dir/heard.jsonl"
cat "$dir/heard.jsonl"
echo "Ann's run:"; cat "$dir/ann.out" "$dir/ann.err"
# Bob's first line with 3 s of Ann's audio: she was still on the silent
# monitor (she switches 7 s after joining), so nothing louder than -70 dBFS.
jq -se 'map(select(.audio_ms >= 3000)) | .[0] | . != null and (.audio_dbfs == null or .audio_dbfs < -70)' \
  "$dir/heard.jsonl" >/dev/null || fail "Bob heard Ann before she chose the microphone that hears speech"
# Over the whole call, the speech after the switch.
jq -se 'map(select(.final)) | .[0] | . != null and .audio_dbfs != null and .audio_dbfs > -45' \
  "$dir/heard.jsonl" >/dev/null || fail "Bob did not hear Ann's speech after she switched microphones"
echo "ok: only the microphone chosen is heard, switched during the call"

# The speaker, switched during the call: Dave plays Carol's tone on
# "playback", then from 6 s after joining on "other". The sound server
# shows his stream on one sink, then on the other (the first removed).
# (Whether the tone is heard on each is not asserted: on this 2-core
# machine under other builds, playing a call's audio on a null sink
# drops out now and then on the first speaker already, with or without
# a switch; the microphone above shows the audio follows a switch.)
pactl load-module module-null-sink sink_name=other > /dev/null || fail "pactl load-module"
# streams_on SINK: how many playing streams the sink SINK has.
streams_on() {
  index=$(pactl list short sinks | awk -v name="$1" '$2 == name { print $1 }')
  pactl list short sink-inputs | awk -v sink="$index" '$2 == sink' | wc -l
}
call carol 14 --audio test --video none
wait_for_line carol '"joined"'
call dave 12 --audio none --video none --play --speaker playback --switch-speaker other --switch-after 6
wait_for_line dave '"joined"'
sleep 2
grep -q '"speaker"' "$dir/dave.out" && fail "Dave switched too early for the test to see his first speaker"
[ "$(streams_on playback)" = 1 ] && [ "$(streams_on other)" = 0 ] ||
  fail "Dave does not play on playback alone: $(pactl list short sink-inputs)"
wait_for_line dave '^{"speaker":"other"}$'
sleep 1
[ "$(streams_on playback)" = 0 ] && [ "$(streams_on other)" = 1 ] ||
  fail "after the switch, Dave does not play on other alone: $(pactl list short sink-inputs)"
finish dave
finish carol
echo "ok: the call plays on the speaker chosen, switched during the call (the sound server says)"
echo "PASS: the device monitor lists both monitors; the microphone and the speaker chosen are used and switched during the call"
