#!/bin/sh
# Replays an editing trace into a real conferd with confer-cli and checks
# the verdict line. With --crash, conferd is killed with SIGKILL once the
# document has some revisions, and restarted on the same data directory and
# port; the client must reconnect by itself and still reach endContent.
# Usage: run-server-replay.sh CONFERD CONFER_CLI TRACE [--crash]
# Exits 77 (skipped) when ../shared/data is not beside the checkout.
conferd="$1"; cli="$2"; trace="$3"; mode="$4"
[ -f "$trace" ] || { echo "missing $trace (../shared/data is not beside the checkout)"; exit 77; }

. "$(dirname "$0")/server-driver.sh"
start_session Replay

if [ "$mode" != "--crash" ]; then
  out=$("$cli" replay "$trace" "$link") || { echo "$out"; exit 1; }
  echo "$out"
  echo "$out" | tail -n 1 | grep -Eq '^replayed [0-9]+ ops in [0-9.]+ ms: ok$'
  exit $?
fi

"$cli" replay "$trace" "$link" > "$dir/replay.out" 2>&1 &
replay=$!
pids="$pids $replay"

# Kill once the document holds some revisions (read from the live store).
query="SELECT MAX(r) FROM (SELECT MAX(revision) AS r FROM journal UNION ALL SELECT MAX(revision) FROM ops)"
killed=0
for _ in $(seq 2000); do
  revision=$(sqlite3 "$dir/data/conferd.db" "$query" 2>/dev/null)
  if [ -n "$revision" ] && [ "$revision" -ge 20 ]; then
    kill -9 "$server"; killed=1; break
  fi
  sleep 0.005
done
[ "$killed" = 1 ] || { echo "the replay finished before conferd could be killed"; cat "$dir/replay.out"; exit 1; }
echo "killed conferd at revision $revision"
acked_before=$revision
sleep 0.3
start_server "$port" ""

wait "$replay"; status=$?
cat "$dir/replay.out"
[ "$status" = 0 ] || exit 1
grep -q '^connection: reconnecting' "$dir/replay.out" || { echo "the client never had to reconnect"; exit 1; }
final=$(sqlite3 "$dir/data/conferd.db" "$query")
[ "$final" -ge "$acked_before" ] || { echo "revisions were lost: $final < $acked_before"; exit 1; }
tail -n 1 "$dir/replay.out" | grep -Eq '^replayed [0-9]+ ops in [0-9.]+ ms: ok$'
