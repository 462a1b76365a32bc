#!/bin/sh
# confer-cli's chat commands against a real conferd.
# Usage: run-chat-cli.sh CONFERD CONFER_CLI MODE
#   MODE commands: chat send (with a reply), log (all, --since, --follow),
#     search (accents, CJK), and a refused text that contacts nobody.
#   MODE fuzz: chat fuzz, 5 clients, 2,000 messages, dropped connections:
#     every client ends with the server's messages in its order, each once.
#   MODE crash: the same while conferd is killed with SIGKILL and started
#     again on its data and port; the clients resend what was not
#     acknowledged and finish by themselves, nothing acknowledged lost.
set -u
conferd="$1"; cli="$2"; mode="$3"
. "$(dirname "$0")/server-driver.sh"
start_session Chat

case "$mode" in
commands)
  first=$("$cli" chat send "$link" "Rendez-vous au café Müller") || fail "send"
  echo "$first" | grep -Eq '^[A-Za-z0-9_-]{16}$' || fail "send printed “$first”, not an id"
  second=$("$cli" chat send "$link" "明日の会議は東京で" --reply-to "$first") || fail "send a reply"
  "$cli" chat log "$link" > "$dir/log" || fail "log"
  [ "$(wc -l < "$dir/log")" = 2 ] || { cat "$dir/log"; fail "log printed other than two lines"; }
  head -n 1 "$dir/log" | grep -q "\"id\":\"$first\",\"seq\":1," || fail "the first line is not the first message"
  tail -n 1 "$dir/log" | grep -q "\"reply_to\":\"$first\"" || fail "the reply lost its parent"
  "$cli" chat log "$link" --since 1 | grep -c . | grep -qx 1 || fail "log --since"
  "$cli" chat search "$link" "CAFE muller" | grep -q "\"id\":\"$first\"" || fail "search through accents and case"
  "$cli" chat search "$link" "東京" | grep -q "\"id\":\"$second\"" || fail "search for a CJK word"
  # After "--", an argument may begin with "-" (as ids may).
  dashed=$("$cli" chat search -- "$link" "-café" | grep -c "\"id\":\"$first\"") || true
  [ "$dashed" = 1 ] || fail "a query after -- that begins with - was not searched"
  if "$cli" chat send "ws://nowhere" "$(printf 'abc\342\200\256cba')" 2> "$dir/err"; then fail "a bidi override was sent"; fi
  grep -q "bidirectional" "$dir/err" || { cat "$dir/err"; fail "the refusal does not say why"; }
  "$cli" chat log "$link" --since 2 --follow > "$dir/follow" &
  follower=$!
  pids="$pids $follower"
  sleep 1
  third=$("$cli" chat send "$link" "followed") || fail "send while following"
  for _ in $(seq 100); do grep -q -e "$third" "$dir/follow" && break; sleep 0.05; done
  grep -q "\"id\":\"$third\"" "$dir/follow" || fail "log --follow did not print the new message"
  ;;
fuzz)
  "$cli" chat fuzz "$link" --clients 5 --messages 2000 --seed 5 --drop-connections > "$dir/fuzz.out" 2>&1
  tail -n 3 "$dir/fuzz.out"
  tail -n 1 "$dir/fuzz.out" | grep -Eq "^chat 5 clients, 2000 messages in [0-9]+ ms: ok$" || fail "fuzz"
  ;;
crash)
  "$cli" chat fuzz "$link" --clients 5 --messages 20000 --seed 7 --drop-connections > "$dir/fuzz.out" 2>&1 &
  fuzz=$!
  pids="$pids $fuzz"
  killed=0
  for _ in $(seq 4000); do
    seq=$(sqlite3 "$dir/data/conferd.db" "SELECT MAX(seq) FROM chat_events" 2>/dev/null)
    if [ -n "$seq" ] && [ "$seq" -ge 2000 ]; then
      kill -9 "$server"; killed=1; break
    fi
    sleep 0.005
  done
  [ "$killed" = 1 ] || { cat "$dir/fuzz.out"; fail "the fuzz finished before conferd could be killed"; }
  echo "killed conferd at chat sequence number $seq"
  sleep 0.5
  start_server "$port" ""
  wait "$fuzz" || true
  tail -n 3 "$dir/fuzz.out"
  tail -n 1 "$dir/fuzz.out" | grep -Eq "^chat 5 clients, 20000 messages in [0-9]+ ms: ok$" || fail "fuzz across the crash"
  ;;
*)
  fail "unknown mode $mode"
  ;;
esac
echo ok
