#!/bin/sh
# bench-voice with a microphone that speaks: a PulseAudio daemon of the
# benchmark's own (tests/media/pulse-driver.sh; the "speech" null sink's
# monitor is the default source), and espeak-ng reading a paragraph,
# repeated to last longer than the recording, played into it once the
# recorder hears the microphone.
# Usage: run-bench-voice.sh CONFERD BENCH_VOICE SECONDS ROUNDS
set -u
conferd="$1"; bench="$2"; seconds="$3"; rounds="$4"
. "$(dirname "$0")/../media/pulse-driver.sh"
need_programs pulseaudio pactl paplay parec espeak-ng sox soxi
. "$(dirname "$0")/../server/server-driver.sh"
start_pulse playback
listen_to_microphone

espeak-ng -w "$dir/paragraph.wav" "A voice message is recorded from the microphone, its noise suppressed, \
its silence trimmed and its loudness levelled, then encoded as Opus and sent to everyone in the chat, \
who can play it at once, at the speed they like, while they read the document beside it." || fail "espeak-ng"
repeats=$(awk -v s="$seconds" -v p="$(soxi -D "$dir/paragraph.wav")" 'BEGIN { print int((s + 5) / p) }')
sox "$dir/paragraph.wav" "$dir/speech.wav" repeat "$repeats" || fail "sox repeat"
echo "speech: $(soxi -D "$dir/speech.wav") s; machine: $(nproc) cores, $(sed -n 's/^model name\t*: //p' /proc/cpuinfo | head -n 1), load $(cut -d' ' -f1 /proc/loadavg)"

CONFERD="$conferd" "$bench" "$seconds" "$rounds" > "$dir/bench.out" &
bench_pid=$!
pids="$pids $bench_pid"
for _ in $(seq 600); do grep -q '^recording' "$dir/bench.out" && break; sleep 0.1; done
grep -q '^recording' "$dir/bench.out" || { cat "$dir/bench.out"; fail "the recorder heard nothing"; }
paplay -d speech "$dir/speech.wav" &
pids="$pids $!"
wait "$bench_pid"
status=$?
grep -v '^recording' "$dir/bench.out"
exit "$status"
