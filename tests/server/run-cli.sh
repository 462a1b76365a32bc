#!/bin/sh
# confer-cli's session commands against a real conferd: put, cat, invite,
# join, and a viewer's put being refused.
# Usage: run-cli.sh CONFERD CONFER_CLI FILE
set -u
conferd="$1"; cli="$2"; file="$3"
dir=$(mktemp -d)
pids=""
cleanup() { for p in $pids; do kill -9 "$p" 2>/dev/null; done; rm -rf "$dir"; }
trap cleanup EXIT
fail() { echo "FAIL: $*"; exit 1; }

"$conferd" --data-dir "$dir/data" --listen 127.0.0.1 --port 0 --insecure --new-session "CLI test" > "$dir/conferd.out" 2>&1 &
pids="$pids $!"
for _ in $(seq 200); do grep -q '^confer://' "$dir/conferd.out" && break; sleep 0.05; done
link=$(grep '^confer://' "$dir/conferd.out")
[ -n "$link" ] || fail "conferd printed no link"

# put creates the document; cat gives back the file byte for byte.
"$cli" put "$link" Readme "$file" || fail "put"
"$cli" cat "$link" Readme > "$dir/out" || fail "cat"
cmp "$file" "$dir/out" || fail "cat differs from the file put"

# A second put with an edited file converges to it.
{ echo "A first line — with ünïcödé 😀"; cat "$file"; echo "and a last one"; } > "$dir/edited"
"$cli" put "$link" Readme "$dir/edited" || fail "second put"
"$cli" cat "$link" Readme > "$dir/out" || fail "second cat"
cmp "$dir/edited" "$dir/out" || fail "cat differs from the edited file"

# An owner mints a viewer link; the viewer can read but its put is refused.
viewer=$("$cli" invite "$link" --role viewer --expires 1h --uses 3) || fail "invite"
case "$viewer" in confer://*invite=*) ;; *) fail "invite printed $viewer";; esac
"$cli" cat "$viewer" Readme > "$dir/out" || fail "viewer cat"
cmp "$dir/edited" "$dir/out" || fail "viewer sees another text"
if "$cli" put "$viewer" Readme "$file" 2> "$dir/err"; then fail "a viewer's put was accepted"; fi
grep -q forbidden "$dir/err" || { cat "$dir/err"; fail "the refusal does not say forbidden"; }
"$cli" cat "$link" Readme > "$dir/out" || fail "cat after refusal"
cmp "$dir/edited" "$dir/out" || fail "the refused put changed the text"

# join prints the session and the documents, then live events.
"$cli" join "$link" --name Watcher > "$dir/join" 2>&1 &
join=$!
pids="$pids $join"
for _ in $(seq 200); do grep -q '^doc: ' "$dir/join" && break; sleep 0.05; done
"$cli" put "$link" Other "$file" || fail "put while joined"
for _ in $(seq 200); do grep -q 'doc.created' "$dir/join" && break; sleep 0.05; done
kill "$join"
grep -q '^session: CLI test$' "$dir/join" || { cat "$dir/join"; fail "join did not print the session"; }
grep -q ' Readme$' "$dir/join" || fail "join did not list the document"
grep -q '"type":"doc.created"' "$dir/join" || fail "join did not print the live event"
echo "confer-cli: put, cat, invite, join and refusals ok"
