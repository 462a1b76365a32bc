#!/bin/sh
# confer-cli's board commands against a real conferd.
# Usage: run-board-cli.sh CONFERD CONFER_CLI EXCALIDRAW_DIR MODE
#   MODE interchange: every shared .excalidraw file imported (the last line
#     names the board and its elements), exported, and the export imported
#     again to the same elements; a file without elements refused before
#     anything connects.
#   MODE fuzz: board fuzz with 3 and 8 clients and 10,000 changes each,
#     seeded, with dropped connections: "converged ...: ok".
#   MODE crash: board fuzz while conferd is killed with SIGKILL and started
#     again on its data and port; the clients finish by themselves, ok.
# Exits 77 (skipped) when ../shared/data is not beside the checkout.
set -u
conferd="$1"; cli="$2"; scenes="$3"; mode="$4"
. "$(dirname "$0")/server-driver.sh"
start_session Boards

import() {
  "$cli" board import "$link" "$1" --title "$2" > "$dir/import.out" 2> "$dir/import.err" ||
    { cat "$dir/import.err"; fail "import of $1"; }
  tail -n 1 "$dir/import.out"
}

case "$mode" in
interchange)
  [ -d "$scenes" ] || { echo "missing $scenes (../shared/data is not beside the checkout)"; exit 77; }
  for file in "$scenes"/*.excalidraw; do
    name=$(basename "$file" .excalidraw)
    if [ "$name" = invalid-no-elements ]; then
      if "$cli" board import "ws://nowhere" "$file" 2> "$dir/err"; then fail "a file without elements was imported"; fi
      grep -q "no elements" "$dir/err" || { cat "$dir/err"; fail "the refusal does not say why"; }
      continue
    fi
    line=$(import "$file" "$name")
    echo "$line"
    echo "$line" | grep -Eq "^board [A-Za-z0-9_-]+ $name: [0-9]+ elements$" || fail "import of $name said: $line"
    n=$(echo "$line" | sed 's/.*: \([0-9]*\) elements$/\1/')
    [ "$n" -gt 0 ] || fail "$name came in empty"
    "$cli" board export "$link" "$name" -o "$dir/$name.out.excalidraw" || fail "export of $name"
    grep -q '"type":"excalidraw"' "$dir/$name.out.excalidraw" || fail "the export of $name is not an Excalidraw file"
    # Images travel: a file's image is in its export.
    if grep -q '"type": *"image"' "$file"; then
      grep -q '"dataURL":"data:image/' "$dir/$name.out.excalidraw" || fail "the export of $name lost its image"
    fi
    again=$(import "$dir/$name.out.excalidraw" "$name again")
    echo "$again" | grep -q ": $n elements$" || fail "$name exported and imported again: $again, not $n elements"
  done
  # Export to standard output, by id.
  id=$(echo "$line" | sed 's/^board \([^ ]*\) .*/\1/')
  "$cli" board export "$link" "$id" | grep -q '"elements":\[' || fail "export to standard output"
  "$cli" board export "$link" "$id" --json | grep -q '"isDeleted"' || fail "the plain JSON dump"
  # A text document is not a board.
  "$cli" put "$link" Notes "$0" || fail "put"
  if "$cli" board export "$link" Notes > /dev/null 2> "$dir/err"; then fail "a text document was exported as a board"; fi
  grep -q "not a board" "$dir/err" || { cat "$dir/err"; fail "the refusal does not say why"; }
  ;;
fuzz)
  [ -d "$scenes" ] || { echo "missing $scenes (../shared/data is not beside the checkout)"; exit 77; }
  for clients in 3 8; do
    import "$scenes/vscode-test2.excalidraw" "Fuzz $clients" > /dev/null
    "$cli" board fuzz "$link" "Fuzz $clients" --clients "$clients" --ops 10000 --seed "$clients" --drop-connections \
      > "$dir/fuzz.out" 2>&1
    tail -n 3 "$dir/fuzz.out"
    tail -n 1 "$dir/fuzz.out" | grep -Eq "^converged $clients clients, 10000 ops in [0-9]+ ms: ok$" ||
      fail "fuzz with $clients clients"
  done
  ;;
crash)
  [ -d "$scenes" ] || { echo "missing $scenes (../shared/data is not beside the checkout)"; exit 77; }
  "$cli" board import "$link" "$scenes/jetbrains-demo.excalidraw" --title Crash > /dev/null 2>&1 || fail "import"
  "$cli" board fuzz "$link" Crash --clients 4 --ops 6000 --seed 11 --drop-connections > "$dir/fuzz.out" 2>&1 &
  fuzz=$!
  pids="$pids $fuzz"
  # Kill once the board has taken a good number of transactions.
  killed=0
  for _ in $(seq 4000); do
    seq=$(sqlite3 "$dir/data/conferd.db" "SELECT MAX(seq) FROM boards" 2>/dev/null)
    if [ -n "$seq" ] && [ "$seq" -ge 500 ]; then
      kill -9 "$server"; killed=1; break
    fi
    sleep 0.005
  done
  [ "$killed" = 1 ] || { cat "$dir/fuzz.out"; fail "the fuzz finished before conferd could be killed"; }
  echo "killed conferd at board sequence number $seq"
  sleep 0.5
  start_server "$port" ""
  wait "$fuzz" || true
  tail -n 3 "$dir/fuzz.out"
  tail -n 1 "$dir/fuzz.out" | grep -Eq "^converged 4 clients, 6000 ops in [0-9]+ ms: ok$" || fail "fuzz across the crash"
  ;;
*)
  fail "unknown mode $mode"
  ;;
esac
echo ok
