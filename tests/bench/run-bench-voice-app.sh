#!/bin/sh
# The CPU the app takes while recording a voice message (run by
# run-with-atspi.sh, like the app's tests): Confer joins a session of a
# real conferd, 360 px wide with its chat open; its CPU time
# (/proc/PID/stat, user and system, every thread) is taken over SECONDS
# idle, then over SECONDS recording — the microphone button pressed
# through the accessibility tree, espeak-ng speech playing into the
# microphone of a PulseAudio daemon of the benchmark's own — with the
# running waveform, the time and the level drawn 20 times a second.
# Prints one JSON line, in % of one core.
# Usage: run-bench-voice-app.sh CONFER CONFERD SECONDS
set -u
app="$1"; conferd="$2"; seconds="$3"; logdir=$(mktemp -d)
test_name=bench-voice-app
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../media/pulse-driver.sh"
need_programs pulseaudio pactl paplay parec espeak-ng sox
atspi_tool="$here/../ui/atspi-tool.py"
. "$here/../ui/app-driver.sh"
[ -n "$atspi_python" ] || { echo "SKIP: Python with PyGObject and Atspi is missing"; exit 77; }
start_pulse playback
listen_to_microphone

"$conferd" --data-dir "$dir/data" --listen 127.0.0.1 --port 0 --insecure --new-session "Voice" > "$dir/conferd.log" 2>&1 &
pids="$pids $!"
wait_for "conferd's link" grep -q '^confer://' "$dir/conferd.log"
link=$(grep '^confer://' "$dir/conferd.log")
espeak-ng -w "$dir/paragraph.wav" "A voice message is recorded from the microphone, its noise suppressed, \
its silence trimmed and its loudness levelled, then encoded as Opus and sent to everyone in the chat." || fail "espeak-ng"
sox "$dir/paragraph.wav" "$dir/speech.wav" repeat "$(awk -v s="$seconds" 'BEGIN { print int(s / 5) + 2 }')" || fail "sox"

join_as ann Ann "$link"
win=$ann_win
for width in 640 360 360; do xdotool windowsize "$win" "$width" 700; sleep 1.5; done
wait_for "the chat button" atspi ann press Chat
sleep 2

# cpu_pct SECONDS: the app's CPU over the next SECONDS, % of one core.
cpu_pct() {
  before=$(awk '{ print $14 + $15 }' "/proc/$ann_pid/stat")
  sleep "$1"
  after=$(awk '{ print $14 + $15 }' "/proc/$ann_pid/stat")
  awk -v d="$((after - before))" -v s="$1" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.1f", d / hz / s * 100 }'
}
idle=$(cpu_pct "$seconds")
atspi ann press "Record a voice message" || fail "the microphone button"
paplay -d speech "$dir/speech.wav" &
pids="$pids $!"
sleep 1
recording=$(cpu_pct "$seconds")
atspi ann press "Record a voice message" || fail "the microphone button"
no_criticals
rm -rf "$logdir"
echo "{\"seconds\": $seconds, \"idle_cpu_pct\": $idle, \"recording_cpu_pct\": $recording, \"goal_pct\": 10," \
     "\"goal_met\": $(awk -v r="$recording" 'BEGIN { print r <= 10 ? "true" : "false" }')}"
