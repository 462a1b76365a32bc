# pulse-driver.sh: what the voice tests share (sourced; defines functions
# only): the programs they need, a PulseAudio daemon of the test's own
# with two null sinks — "speech", whose monitor is the default source
# (the microphone), and "playback" — and measuring sound with sox.
# The functions use $dir, $pids and fail() of the test's driver
# (tests/server/server-driver.sh or tests/ui/app-driver.sh).

# need_programs PROGRAM...: skips the test (77) when one is missing.
need_programs() {
  for program in "$@"; do
    if ! command -v "$program" >/dev/null 2>&1; then
      echo "SKIP: $program is missing (tools/install-deps.sh installs it)"
      exit 77
    fi
  done
}

# start_pulse DEFAULT_SINK: the daemon, reached through PULSE_SERVER by
# every program started after; DEFAULT_SINK (speech or playback) is where
# programs that do not choose play.
start_pulse() {
  export XDG_RUNTIME_DIR="$dir/run" PULSE_RUNTIME_PATH="$dir/run" HOME="$dir"
  export PULSE_SERVER="unix:$dir/native"
  mkdir -p "$dir/run"
  chmod 700 "$dir/run"
  cat > "$dir/pulse.pa" <<PA
load-module module-native-protocol-unix auth-anonymous=1 socket=$dir/native
load-module module-null-sink sink_name=speech
load-module module-null-sink sink_name=playback
set-default-sink $1
set-default-source speech.monitor
PA
  pulseaudio --daemonize=no --exit-idle-time=-1 --disallow-exit -n -F "$dir/pulse.pa" > "$dir/pulse.log" 2>&1 &
  pids="$pids $!"
  for _ in $(seq 100); do pactl info >/dev/null 2>&1 && break; sleep 0.05; done
  pactl info >/dev/null 2>&1 || { cat "$dir/pulse.log"; fail "PulseAudio did not start"; }
}

# listen_to_microphone: keeps a recording of the "speech" monitor going
# at low latency. Idle, a null sink renders in blocks of up to 2 s, so a
# recorder starting on its monitor would hear nothing for that long (a
# real microphone starts at once); listened to, it renders every 20 ms.
listen_to_microphone() {
  parec --latency-msec=20 -d speech.monitor > /dev/null &
  pids="$pids $!"
}

# The length of a sound file's sound: sox trims what is under 1 % of full
# scale at either end.
sound_length() {
  sox "$1" -n silence 1 0.01 1% reverse silence 1 0.01 1% reverse stat 2>&1 |
    sed -n 's/^Length (seconds): *//p'
}
# Decodes any audio GStreamer decodes to WAV, for sox.
decode() {
  gst-launch-1.0 -q filesrc location="$1" ! decodebin ! audioconvert ! wavenc ! filesink location="$2" ||
    fail "$1 did not decode"
}
# Checks that a message lasts the speech's length ± 100 ms.
check_duration() {
  awk -v got="$1" -v want="$2" 'BEGIN { d = got - want; exit !(d <= 0.1 && d >= -0.1) }' ||
    fail "the message lasts $1 s; the speech $2 s"
}
is_ogg_opus() {
  file "$1" | grep -q "Ogg data, Opus audio" || fail "$1 is not Ogg Opus: $(file "$1")"
}
# peak_db FILE: the loudest sample of a sound file, dBFS.
peak_db() {
  sox "$1" -n stats 2>&1 | sed -n 's/^Pk lev dB *//p' | awk '{ print $1 }'
}
# make_speech FILE TEXT: espeak-ng says TEXT into FILE.wav, and padded with 1 s
# of silence on each side into FILE-padded.wav.
make_speech() {
  espeak-ng -w "$1.wav" "$2" || fail "espeak-ng"
  sox "$1.wav" "$1-padded.wav" pad 1 1 || fail "sox pad"
}
