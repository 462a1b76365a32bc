#!/bin/sh
# A call between a browser and Confer: headless Chromium on
# tests/media/browser/call.html (the browser's own WebSocket and
# RTCPeerConnection, its fake camera and a fake microphone speaking
# espeak-ng's words) and a `confer-cli call` with GStreamer's test sources,
# through a real conferd on loopback — Confer speaking standard WebRTC.
# Usage: run-browser-call.sh CONFERD CONFER_CLI offer|answer
#   offer: the browser joins after the CLI, so it offers (Chromium's
#   payload types, its bundle, its codecs); answer: it joins first and
#   answers the CLI's offer. Either way each side must receive the other's
#   video — the size it was sent at, at least 30 frames, at a sane rate —
#   and audio that is not silent, and the browser must have taken the role
#   Confer's rule gives it (the later member offers).
set -u
conferd="$1"; cli="$2"; mode="$3"
chromium=$(command -v chromium || command -v chromium-browser) || {
  echo "SKIP: chromium is missing (tools/install-deps.sh installs it)"
  exit 77
}
. "$(dirname "$0")/call-driver.sh"
need_call espeak-ng
page="$(cd "$(dirname "$0")/browser" && pwd)/call.html"
. "$(dirname "$0")/../server/server-driver.sh"

# The browser's camera: 320×240 at 15 fps; the CLI's: 320×180 (options).
# It measures for 6 s once connected, then leaves.
browser_size="320x240"
espeak-ng -w "$dir/speech.wav" "Confer speaks standard web R T C. The quick brown fox jumps over the lazy dog." ||
  fail "espeak-ng made no speech"

start_session Browser
browser_link=$("$cli" invite "$link" --role editor) || fail "the browser's invite"

# browser: headless Chromium on the page, its console on stderr.
browser() {
  query="link=$(printf %s "$browser_link" | jq -sRr @uri)&name=Chromium&seconds=6"
  query="$query&width=${browser_size%x*}&height=${browser_size#*x}&fps=15"
  # Fake devices granted without asking, the microphone from the WAV
  # (looped); loopback candidates allowed (a machine may have no other
  # interface) and real addresses rather than mDNS names, which libnice
  # does not resolve.
  "$chromium" --headless=new --no-sandbox --disable-gpu --no-first-run --user-data-dir="$dir/chromium" \
    --use-fake-device-for-media-stream --use-fake-ui-for-media-stream \
    --use-file-for-fake-audio-capture="$dir/speech.wav" --autoplay-policy=no-user-gesture-required \
    --allow-loopback-in-peer-connection --disable-features=WebRtcHideLocalIpsWithMdns \
    --enable-logging=stderr --v=0 "file://$page?$query" > "$dir/chromium.out" 2> "$dir/chromium.err" &
  chromium_pid=$!
  pids="$pids $!"
}
# browser_lines: what the page said, one JSON object a line.
browser_lines() {
  sed -n 's/.*"confer-browser \(.*\)", source: .*/\1/p' "$dir/chromium.err"
}
# wait_for_browser PATTERN SECONDS: until the page said something matching
# PATTERN (grep's), for at most SECONDS.
wait_for_browser() {
  for _ in $(seq $(($2 * 20))); do
    browser_lines | grep -q "$1" && return
    kill -0 "$chromium_pid" 2>/dev/null || break
    sleep 0.05
  done
  browser_lines
  tail -n 20 "$dir/chromium.err"
  fail "the browser never said $1"
}

case "$mode" in
  offer)
    call cli 24
    wait_for_line cli '"joined"'
    browser
    ;;
  answer)
    browser
    wait_for_browser '^{"joined"' 60
    call cli 16
    ;;
  *) fail "no such mode: $mode" ;;
esac
wait_for_browser '^{"result"' 90
kill "$chromium_pid"
wait "$chromium_pid"
finish cli

echo "cli: $(tail -n 1 "$dir/cli.out")"
grep '^{' "$dir/cli.out" | jq -c 'select(.final) | {peer, frames_received, width, height, audio_dbfs, average_fps}'
browser_lines | grep '^{"error"' && fail "the browser reported an error"
result=$(browser_lines | grep '^{"result"' | jq -c '.result')
echo "browser: $result"

# The CLI received the browser's camera at its size, at a sane rate
# (at least half the 15 fps asked for), and heard it.
tail -n 1 "$dir/cli.out" |
  grep -Eq "^call: 1 peers, video received ${browser_size%x*}×${browser_size#*x} at [0-9.]+ fps, audio ok, latency not measured$" ||
  fail "the CLI ended with “$(tail -n 1 "$dir/cli.out")”, not the browser's ${browser_size%x*}×${browser_size#*x} video and its audio"
cli_member=$(grep '^{' "$dir/cli.out" | jq -r 'select(.joined) | .joined')
browser_member=$(printf %s "$result" | jq -r '.member')
grep '^{' "$dir/cli.out" | jq -se --arg m "$browser_member" \
  'any(.[]; .final and .peer == $m and .frames_received >= 30 and .average_fps >= 7.5 and .audio_dbfs > -50)' >/dev/null ||
  fail "the CLI received fewer than 30 of the browser's frames, under 7.5 fps, or silence"

# The browser received the CLI's camera at its size (call-driver.sh's
# 320×180), at a sane rate, VP8, and Opus that is not silent; it offered
# exactly when it joined later.
[ "$mode" = offer ] && offerer=true || offerer=false
printf %s "$result" | jq -e --arg m "$cli_member" --argjson offerer "$offerer" '
  (.peers | length) == 1 and (.peers[0] | .peer == $m and .state == "connected" and .offerer == $offerer and
    .video.width == 320 and .video.height == 180 and .video.frames_decoded >= 30 and .video.fps >= 7.5 and
    (.video.codec | ascii_downcase) == "video/vp8" and
    (.audio.codec | ascii_downcase) == "audio/opus" and .audio.duration_s > 0 and .audio.dbfs > -50)' >/dev/null ||
  fail "the browser did not receive the CLI's 320×180 video and sound as the $mode side: $result"
echo "PASS: Chromium ($mode) and confer-cli call: video and audio both ways"
