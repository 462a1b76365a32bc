#!/bin/sh
# Members whose process dies in a call, through real components: conferd
# on loopback and `confer-cli call` peers with GStreamer's test sources.
# Usage: run-call-crash.sh CONFERD CONFER_CLI
#   Ann stays in the call while two members in turn join, receive her
#   video and are killed (SIGKILL: they never leave), at once and 0.4 s
#   after their first frame; then Eve joins and receives Ann's video
#   and sound, and Ann's run ends with her summary. No one's pipeline
#   leaves PLAYING while its call runs: a sink added for a new peer that
#   waited to preroll would take it out, and a peer closed meanwhile
#   would deadlock the member closing it.
set -u
conferd="$1"; cli="$2"
. "$(dirname "$0")/call-driver.sh"
need_call
. "$(dirname "$0")/../server/server-driver.sh"
export G_MESSAGES_DEBUG=confer-call

start_session Crash
call ann 16
wait_for_line ann '"joined"'
for i in 1 2; do
  call "dan$i" 30
  wait_for_line "dan$i" '"first_frame"'
  sleep "$(echo "$i" | awk '{ print ($1 - 1) * 0.4 }')"
  eval "kill -9 \$pid_dan$i"
done
call eve 4
wait_for_line eve '"first_frame"'
finish eve
tail -n 1 "$dir/eve.out" | grep -Eq "^call: 1 peers, video received 320×180 at [0-9.]+ fps, audio ok" ||
  fail "Eve ended with “$(tail -n 1 "$dir/eve.out")”, not Ann's video and sound"
finish ann
tail -n 1 "$dir/ann.out" | grep -Eq "^call: 3 peers, video received 320×180 at [0-9.]+ fps, audio ok" ||
  fail "Ann ended with “$(tail -n 1 "$dir/ann.out")”, not 3 peers with video and sound"
for name in ann eve dan1 dan2; do
  ! grep -q "left PLAYING" "$dir/$name.err" || fail "$name's pipeline left PLAYING during the call"
done
echo "PASS: Ann kept her call through two members killed; Eve joined after them; no pipeline left PLAYING"
