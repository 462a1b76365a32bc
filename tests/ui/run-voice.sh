#!/bin/sh
# Voice messages between two Confers, as their users make and hear them,
# under Xvfb with the real accessibility bus (run by run-with-atspi.sh)
# and real audio: a PulseAudio daemon of the test's own whose "speech"
# null sink's monitor is the default source (the microphone) and whose
# "playback" null sink is the default sink (the speakers).
# Ann (light style) presses the microphone button in her chat (through
# the accessibility tree) while espeak-ng speech padded with 1 s of
# silence on each side plays into the microphone, and presses it again.
# The message reaches Bob's Confer (dark style), whose row shows a voice
# player not played yet, and confer-cli: voice get gives Ogg Opus (file,
# gst-discoverer) lasting the speech ± 100 ms, as the message's
# voice.duration_ms says. confer-cli sends a second voice message; Bob
# plays the first, and the second follows by itself: both end played, and
# the playback sink's monitor, recorded meanwhile, is not silent and
# sounds for both. Bob starts a recording and Escape cancels it: nothing
# is sent. Ann and Bob hold their microphone buttons with the pointer and
# slide away: the hint follows and, released, nothing is sent; Bob
# clicks his and records until Escape; Ann holds it again while speech
# plays and releases it where she pressed: that is sent, once (a click
# while it is sent does nothing). Screenshots of the recording bar, the players and the slide,
# light and dark at 360 px, go to LOG_DIR/voice-*.png.
# Usage: run-voice.sh CONFER CONFERD CONFER_CLI LOG_DIR
set -u
app="$1"; conferd="$2"; cli="$3"; logdir="$4"
test_name=voice
. "$(dirname "$0")/../media/pulse-driver.sh"
need_programs pulseaudio pactl paplay parec parecord espeak-ng sox soxi gst-launch-1.0 gst-discoverer-1.0 file
. "$(dirname "$0")/app-driver.sh"
if [ -z "$atspi_python" ]; then
  echo "SKIP: Python with PyGObject and Atspi is missing (python3-gi, gir1.2-atspi-2.0)"
  exit 77
fi
start_pulse playback
listen_to_microphone

"$conferd" --data-dir "$dir/data" --listen 127.0.0.1 --port 0 --insecure --new-session "Voice" > "$dir/conferd.log" 2>&1 &
pids="$pids $!"
wait_for "conferd's link" grep -q '^confer://' "$dir/conferd.log"
link=$(grep '^confer://' "$dir/conferd.log")
export XDG_STATE_HOME="$dir/state"
bob_link=$("$cli" invite "$link" --role editor) || fail "Bob's invite"

make_speech "$dir/hello" "Hello, this is a voice message for Confer."
make_speech "$dir/second" "And here is the second one."
speech=$(sound_length "$dir/hello.wav")
second=$(sound_length "$dir/second.wav")
echo "speech: $speech s and $second s, each padded with 1 s of silence on both sides"

# join NAME LINK STYLE X: NAME's Confer (light or dark) joins with LINK,
# 360 px wide at X, with the chat open.
join() {
  export ADW_DEBUG_COLOR_SCHEME="prefer-$3"
  start_app "$1" "$2"
  eval "pid=\$${1}_pid"
  wait_for "$1's window" has_window "$pid"
  win=$(window_of "$pid")
  sleep 1.5
  typed "$1"; keys Return
  sleep 2.5
  keys Return
  sleep 2
  # Narrowed step by step: the sidebar folds away first.
  for width in 640 360 360; do xdotool windowsize "$win" "$width" 700; sleep 1.5; done
  xdotool windowmove "$win" "$4" 0
  wait_for "$1's chat button" atspi "$1" press Chat
  sleep 1
  eval "${1}_win=$win"
}
# bob_has COUNT NAME: Bob's Confer shows COUNT widgets called NAME.
bob_has() { [ "$(atspi Bob count "$2" 2>/dev/null)" = "$1" ]; }
join Ann "$link" light 0
join Bob "$bob_link" dark 420
[ "$(xdotool getwindowgeometry "$Ann_win" | sed -n 's/.*Geometry: \([0-9]*\)x.*/\1/p')" -le 360 ] ||
  fail "Ann's window is wider than 360 px"

# Ann records: the microphone button, the speech played into the
# microphone, the button again.
atspi Ann press "Record a voice message" || fail "pressing Ann's microphone button"
sleep 0.5
paplay -d speech "$dir/hello-padded.wav" &
player=$!
sleep 2.5
import -window "$Ann_win" "$logdir/voice-recording-light.png" || fail "screenshot"
wait "$player" || fail "paplay"
atspi Ann press "Record a voice message" || fail "stopping Ann's recording"

# It reaches Bob's Confer, not played yet, and confer-cli.
wait_for "the voice message at Bob's" bob_has 1 "Play the voice message, not played yet"
"$cli" chat log "$link" > "$dir/log.json" || fail "chat log"
id=$(sed -n 's/^{"id":"\([^"]*\)".*"voice":{"duration_ms":.*/\1/p' "$dir/log.json" | head -n 1)
said=$(sed -n 's/.*"voice":{"duration_ms":\([0-9]*\),.*/\1/p' "$dir/log.json" | head -n 1)
[ -n "$id" ] || fail "the chat has no voice message: $(cat "$dir/log.json")"
"$cli" voice get -o "$dir/got.ogg" -- "$link" "$id" || fail "voice get"
is_ogg_opus "$dir/got.ogg"
gst-discoverer-1.0 "$dir/got.ogg" > "$dir/discovered.txt" || fail "gst-discoverer"
grep -q "container #0: Ogg" "$dir/discovered.txt" && grep -q "audio #[0-9]*: Opus" "$dir/discovered.txt" ||
  fail "gst-discoverer finds no Opus in Ogg: $(cat "$dir/discovered.txt")"
decode "$dir/got.ogg" "$dir/got.wav"
got=$(soxi -D "$dir/got.wav")
echo "Ann's message: $got s (voice.duration_ms $said) for $speech s of speech"
check_duration "$got" "$speech"
check_duration "$(awk -v ms="$said" 'BEGIN { print ms / 1000 }')" "$speech"

# A second voice message; Bob plays the first, and the second follows.
"$cli" voice send "$link" "$dir/second-padded.wav" || fail "voice send"
wait_for "the second voice message at Bob's" bob_has 2 "Play the voice message, not played yet"
import -window "$Bob_win" "$logdir/voice-players-dark.png" || fail "screenshot"
parecord -d playback.monitor --file-format=wav "$dir/heard.wav" &
recorder=$!
pids="$pids $recorder"
sleep 0.5
atspi Bob press "Play the voice message, not played yet" || fail "pressing Bob's play button"
sleep 1
import -window "$Bob_win" "$logdir/voice-playing-dark.png" || fail "screenshot"
wait_for "both messages to be played" bob_has 0 "Play the voice message, not played yet"
wait_for "the second message to end" bob_has 0 "Pause the voice message"
sleep 0.5
kill -INT "$recorder"
wait "$recorder"
level=$(peak_db "$dir/heard.wav")
heard=$(sound_length "$dir/heard.wav")
echo "the playback sink's monitor: peak $level dBFS, sound over $heard s"
awk -v l="$level" 'BEGIN { exit !(l > -20) }' || fail "what Bob's Confer played is silent ($level dBFS)"
# The second started by itself at the end of the first: the sound spans both.
awk -v h="$heard" -v a="$speech" -v b="$second" 'BEGIN { exit !(h > a + b - 0.3) }' ||
  fail "the sound lasts $heard s; the two messages $speech s and $second s"
xdotool windowfocus --sync "$Ann_win"
import -window "$Ann_win" "$logdir/voice-player-light.png" || fail "screenshot"

# Bob starts a recording; Escape cancels it and nothing is sent.
xdotool windowfocus --sync "$Bob_win"
atspi Bob press "Record a voice message" || fail "pressing Bob's microphone button"
sleep 1.5
import -window "$Bob_win" "$logdir/voice-recording-dark.png" || fail "screenshot"
xdotool windowfocus --sync "$Bob_win"
keys Escape
sleep 2
"$cli" chat log "$link" > "$dir/log.json" || fail "chat log"
[ "$(grep -c '"voice":' "$dir/log.json")" = 2 ] || fail "a cancelled recording was sent: $(cat "$dir/log.json")"

# Ann holds her microphone button with the pointer, speech playing, and
# slides it away towards her composer: the hint follows, and says past
# 120 px that a release cancels; released there, nothing is sent (to
# confer-cli, Bob's Confer or hers). Bob's (dark) does so without speech.
# Held and released where it pressed, the button sends what it recorded.
case "$(atspi Ann describe "Record a voice message")" in
  *"slide away to cancel"*) ;;
  *) fail "the microphone button does not say how to cancel: $(atspi Ann describe "Record a voice message")" ;;
esac
# players WHO: how many voice messages WHO's Confer shows.
players() {
  echo $(( $(atspi "$1" count "Play the voice message") + $(atspi "$1" count "Play the voice message, not played yet") ))
}
[ "$(players Ann)" = 2 ] && [ "$(players Bob)" = 2 ] || fail "not 2 voice messages in both Confers before sliding"
# records WHO: WHO's microphone button says it stops a recording.
records() { atspi "$1" describe "Record a voice message" | grep -q "^Stop and Send"; }
# slide WHO PX SHOT: WHO's pointer, holding the microphone button, moves
# PX px left in steps and WHO's window is shot to LOG_DIR/voice-SHOT.png.
slide() {
  eval "slide_win=\$${1}_win"
  for step in 1 2 3 4 5 6; do
    xdotool mousemove --window "$slide_win" $((mic_x - $2 * step / 6)) "$mic_y"; sleep 0.05
  done
  sleep 0.3
  import -window "$slide_win" "$logdir/voice-$3.png" || fail "screenshot"
}
# hold WHO: WHO's pointer presses WHO's microphone button.
hold() {
  eval "hold_win=\$${1}_win"
  mic=$(atspi "$1" centre "Record a voice message") || fail "finding $1's microphone button"
  mic_x=${mic% *}; mic_y=${mic#* }
  xdotool windowfocus --sync "$hold_win"
  xdotool mousemove --window "$hold_win" "$mic_x" "$mic_y" mousedown 1
}
hold Ann
paplay -d speech "$dir/second-padded.wav" &
player=$!
sleep 1
slide Ann 60 slide-light
[ "$(atspi Ann count "‹ Slide to cancel")" = 1 ] || fail "Ann's Confer shows no slide hint"
slide Ann 150 slide-past-light
[ "$(atspi Ann count "Release to cancel")" = 1 ] || fail "Ann's Confer does not say a release cancels"
wait "$player" || fail "paplay"
xdotool mouseup 1
hold Bob
sleep 1
slide Bob 60 slide-dark
slide Bob 150 slide-past-dark
xdotool mouseup 1
sleep 1
records Bob && fail "Bob's recording goes on after sliding away"
# A click (pressed for less than a hold) records until the next; Escape
# cancels that.
xdotool mousemove --window "$Bob_win" "$mic_x" "$mic_y" click 1
sleep 1.5
records Bob || fail "Bob's click on the microphone button does not record"
keys Escape
sleep 2
"$cli" chat log "$link" > "$dir/log.json" || fail "chat log"
[ "$(grep -c '"voice":' "$dir/log.json")" = 2 ] || fail "a recording slid away was sent: $(cat "$dir/log.json")"
[ "$(players Ann)" = 2 ] && [ "$(players Bob)" = 2 ] || fail "a recording slid away shows in a Confer"
[ "$(atspi Ann count "‹ Slide to cancel")" = 0 ] || fail "the slide hint outlived the hold"
hold Ann
sleep 0.5
paplay -d speech "$dir/hello-padded.wav" || fail "paplay"
xdotool mouseup 1
# A click while that is sent does nothing (it once started a recording
# over the one being sent, and Confer crashed).
xdotool click 1
wait_for "the held recording at Bob's" bob_has 1 "Play the voice message, not played yet"
records Ann && fail "a click while a voice message was sent started a recording"
"$cli" chat log "$link" > "$dir/log.json" || fail "chat log"
[ "$(grep -c '"voice":' "$dir/log.json")" = 3 ] || fail "the held recording was not sent once: $(cat "$dir/log.json")"
said=$(sed -n 's/.*"voice":{"duration_ms":\([0-9]*\),.*/\1/p' "$dir/log.json" | tail -n 1)
echo "Ann's held message: voice.duration_ms $said for $speech s of speech"
check_duration "$(awk -v ms="$said" 'BEGIN { print ms / 1000 }')" "$speech"
no_criticals
for shot in recording-light recording-dark players-dark playing-dark player-light \
            slide-light slide-past-light slide-dark slide-past-dark; do
  echo "screenshot: $logdir/voice-$shot.png"
done
echo "ok: recorded in one Confer, heard in another, continued to the next unplayed, cancelled with Escape and by sliding away, sent by holding"
