#!/bin/sh
# Voice messages through real components: a PulseAudio daemon of the
# test's own with two null sinks, speech made by espeak-ng, conferd.
# Usage: run-voice.sh CONFERD CONFER_CLI VOICE_TOOL MODE
#   MODE send: confer-cli voice send of speech padded with 1 s of silence
#     on each side, voice get: Ogg Opus, as long as the speech ± 100 ms;
#     the message says so (voice.duration_ms) with 100 waveform peaks.
#   MODE record: ConferVoiceRecorder records the "speech" sink's monitor
#     while paplay plays the padded speech into it: not silent, trimmed.
#   MODE noise: speech with white noise; the noise floor in the pause
#     between two phrases is lower after processing than before.
#   MODE trim-noisy: the padded speech under white noise about as loud
#     as the speech: the silence padded before and after is trimmed
#     all the same (relative to the noise floor), speech ± 100 ms.
#   MODE play: ConferVoicePlayer plays a message into the "playback" sink,
#     whose recorded monitor is not silent; at 2× it takes less time.
set -u
conferd="$1"; cli="$2"; tool="$3"; mode="$4"
. "$(dirname "$0")/pulse-driver.sh"
need_programs pulseaudio pactl paplay parecord espeak-ng sox gst-launch-1.0 file
. "$(dirname "$0")/../server/server-driver.sh"
start_pulse speech

# rms_db FILE START LENGTH: the RMS level of the stretch from START s (0 if
# negative) lasting LENGTH s, dBFS (the first channel's).
rms_db() {
  sox "$1" -n trim "$(awk -v s="$2" 'BEGIN { print s < 0 ? 0 : s }')" "$3" stats 2>&1 |
    sed -n 's/^RMS lev dB *//p' | awk '{ print $1 }'
}
# "value" field of voice-tool's output line.
field() { sed -n "s/.*$2 \([-0-9.]*\).*/\1/p" "$1" | tail -n 1; }

make_speech "$dir/speech" "Hello, this is a voice message for Confer."
mv "$dir/speech-padded.wav" "$dir/padded.wav"
speech=$(sound_length "$dir/speech.wav")
echo "speech: $speech s, padded to $(soxi -D "$dir/padded.wav") s"

case "$mode" in
send)
  start_session Voice
  out=$("$cli" voice send "$link" "$dir/padded.wav") || fail "voice send"
  echo "$out"
  echo "$out" | grep -Eq '^voice [A-Za-z0-9_-]{16}: [0-9]+\.[0-9]{2} s, [0-9]+ bytes$' || fail "voice send printed “$out”"
  id=$(echo "$out" | sed 's/^voice \([^:]*\):.*/\1/')
  "$cli" voice get -o "$dir/got.ogg" -- "$link" "$id" || fail "voice get"
  is_ogg_opus "$dir/got.ogg"
  [ "$(stat -c %s "$dir/got.ogg")" = "$(echo "$out" | sed 's/.*, \([0-9]*\) bytes$/\1/')" ] || fail "voice get wrote other bytes"
  decode "$dir/got.ogg" "$dir/got.wav"
  got=$(soxi -D "$dir/got.wav")
  echo "got: $got s (speech $speech s)"
  check_duration "$got" "$speech"
  "$cli" chat log "$link" > "$dir/log.json" || fail "chat log"
  grep -q "\"attachments\":\[\"[0-9a-f]\{64\}\"\]" "$dir/log.json" || fail "the message carries no blob"
  # Its duration and 100-peak waveform travel with it.
  said=$(sed -n 's/.*"voice":{"duration_ms":\([0-9]*\),"waveform":\[\([0-9,]*\)\]}.*/\1 \2/p' "$dir/log.json")
  [ -n "$said" ] || fail "the message carries no voice: $(cat "$dir/log.json")"
  echo "voice: ${said%% *} ms, $(echo "${said#* }" | tr ',' '\n' | wc -l) peaks"
  check_duration "$(awk -v ms="${said%% *}" 'BEGIN { print ms / 1000 }')" "$speech"
  [ "$(echo "${said#* }" | tr ',' '\n' | wc -l)" = 100 ] || fail "the waveform has not 100 peaks"
  ;;
record)
  CONFER_AUDIO_SOURCE="pulsesrc device=speech.monitor" "$tool" record "$dir/recorded.ogg" > "$dir/record.out" &
  recorder=$!
  pids="$pids $recorder"
  for _ in $(seq 200); do grep -q '^recording' "$dir/record.out" && break; sleep 0.05; done
  grep -q '^recording' "$dir/record.out" || fail "the recorder reported no level"
  # 12 dB quieter than the other modes' speech (under −30 dBFS): the
  # message is levelled by its Ogg Opus output gain, which the decoder
  # applies, so it plays louder than it was spoken.
  sox "$dir/padded.wav" "$dir/quiet.wav" vol -12dB || fail "sox vol"
  paplay -d speech "$dir/quiet.wav" || fail "paplay"
  kill -INT "$recorder"
  wait "$recorder" || { cat "$dir/record.out"; fail "recording"; }
  cat "$dir/record.out"
  is_ogg_opus "$dir/recorded.ogg"
  decode "$dir/recorded.ogg" "$dir/recorded.wav"
  level=$(rms_db "$dir/recorded.wav" 0 "$(soxi -D "$dir/recorded.wav")")
  got=$(soxi -D "$dir/recorded.wav")
  echo "recorded message: $got s at $level dBFS RMS (speech $speech s)"
  awk -v l="$level" 'BEGIN { exit !(l > -30) }' || fail "the recording is silent ($level dBFS)"
  check_duration "$got" "$speech"
  ;;
noise)
  # Two phrases 1 s apart, padded, under white noise at about −35 dBFS RMS.
  espeak-ng -w "$dir/second.wav" "And here is the second phrase." || fail "espeak-ng"
  sox "$dir/speech.wav" "$dir/gap.wav" pad 0 1 || fail "sox pad"
  sox "$dir/gap.wav" "$dir/second.wav" "$dir/phrases.wav" pad 1 1 || fail "sox concatenate"
  length=$(soxi -D "$dir/phrases.wav")
  sox -n -r 22050 -c 1 "$dir/noise.wav" synth "$length" whitenoise vol 0.1 || fail "sox noise"
  sox -m "$dir/phrases.wav" "$dir/noise.wav" "$dir/noisy.wav" || fail "sox mix"
  "$tool" process "$dir/noisy.wav" "$dir/clean.ogg" > "$dir/process.out" || fail "processing"
  cat "$dir/process.out"
  is_ogg_opus "$dir/clean.ogg"
  decode "$dir/clean.ogg" "$dir/clean.wav"
  # The pause: the middle 0.6 s of the second after the first phrase's
  # file (whose own trailing silence is silence too).
  pause=$(awk -v p="$(soxi -D "$dir/speech.wav")" 'BEGIN { print 1 + p + 0.2 }')
  trim=$(awk -v t="$(field "$dir/process.out" trim_start_ms)" 'BEGIN { print t / 1000 }')
  before=$(rms_db "$dir/noisy.wav" "$pause" 0.6)
  after=$(rms_db "$dir/clean.wav" "$(awk -v p="$pause" -v t="$trim" 'BEGIN { print p - t }')" 0.6)
  speech_before=$(rms_db "$dir/noisy.wav" 1 "$(soxi -D "$dir/speech.wav")")
  speech_after=$(rms_db "$dir/clean.wav" "$(awk -v t="$trim" 'BEGIN { print 1 - t }')" "$(soxi -D "$dir/speech.wav")")
  echo "noise floor in the pause: $before dBFS before, $after dBFS after (gain $(field "$dir/process.out" gain_db) dB)"
  echo "first phrase: $speech_before dBFS before, $speech_after dBFS after"
  awk -v b="$before" -v a="$after" -v sb="$speech_before" -v sa="$speech_after" 'BEGIN {
    printf "signal to noise: %.1f dB before, %.1f dB after\n", sb - b, sa - a
    exit !(a < b - 10 && sa - a > sb - b + 10) }' || fail "the noise floor did not fall by 10 dB against the speech"
  ;;
trim-noisy)
  # White noise at −28 dBFS RMS under speech at −27 dBFS RMS: noise
  # suppression leaves a floor around −47 dBFS, over the −45 dBFS a
  # quiet recording's silence is judged by.
  sox -n -r 22050 -c 1 "$dir/noise.wav" synth "$(soxi -D "$dir/padded.wav")" whitenoise vol 0.2 || fail "sox noise"
  sox -m "$dir/padded.wav" "$dir/noise.wav" "$dir/noisy.wav" || fail "sox mix"
  "$tool" process "$dir/noisy.wav" "$dir/trimmed.ogg" > "$dir/process.out" || fail "processing"
  cat "$dir/process.out"
  decode "$dir/trimmed.ogg" "$dir/trimmed.wav"
  got=$(soxi -D "$dir/trimmed.wav")
  echo "noisy message: $got s (speech $speech s), noise floor $(field "$dir/process.out" noise_floor_dbfs) dBFS"
  check_duration "$got" "$speech"
  ;;
play)
  "$tool" process "$dir/padded.wav" "$dir/message.ogg" > /dev/null || fail "processing"
  parecord -d playback.monitor --file-format=wav "$dir/heard.wav" &
  recorder=$!
  pids="$pids $recorder"
  CONFER_AUDIO_SINK="pulsesink device=playback" "$tool" play "$dir/message.ogg" 1 > "$dir/play1.out" ||
    fail "playing at 1×"
  CONFER_AUDIO_SINK="pulsesink device=playback" "$tool" play "$dir/message.ogg" 2 > "$dir/play2.out" ||
    fail "playing at 2×"
  kill -INT "$recorder"
  wait "$recorder"
  cat "$dir/play1.out" "$dir/play2.out"
  level=$(peak_db "$dir/heard.wav")
  echo "the playback sink's monitor: peak $level dBFS"
  awk -v l="$level" 'BEGIN { exit !(l > -20) }' || fail "what was played is silent ($level dBFS)"
  one=$(field "$dir/play1.out" played_in_ms)
  two=$(field "$dir/play2.out" played_in_ms)
  duration=$(field "$dir/play1.out" duration_ms)
  awk -v one="$one" -v two="$two" -v d="$duration" 'BEGIN { exit !(one - two > d / 4) }' ||
    fail "2× took $two ms, 1× $one ms, for $duration ms"
  ;;
*)
  fail "unknown mode $mode"
  ;;
esac
echo "ok"
