#!/bin/sh
# confer-cli's session commands against a real conferd: put, cat, invite,
# join (every event of every document, one JSON object a line), a viewer's
# put being refused, and confer-cli coming back as the same participant.
# Usage: run-cli.sh CONFERD CONFER_CLI FILE
set -u
conferd="$1"; cli="$2"; file="$3"
dir=$(mktemp -d)
pids=""
cleanup() { for p in $pids; do kill -9 "$p" 2>/dev/null; done; rm -rf "$dir"; }
trap cleanup EXIT
fail() { echo "FAIL: $*"; exit 1; }
# confer-cli keeps who it is in each session here.
export XDG_STATE_HOME="$dir/state"

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

# join prints the session, then every event of every document: Bob's
# operations in Readme, and a new document with its own operations.
"$cli" join "$link" --name Watcher > "$dir/join" 2>&1 &
join=$!
pids="$pids $join"
for _ in $(seq 200); do grep -q '"type":"doc.snapshot"' "$dir/join" && break; sleep 0.05; done
readme_id=$(sed -n 's/.*"docs":\[{"id":"\([^"]*\)","kind":"text","title":"Readme".*/\1/p' "$dir/join" | head -n 1)
[ -n "$readme_id" ] || { cat "$dir/join"; fail "join did not list Readme"; }
"$cli" put "$link" Readme "$file" || fail "put while joined"
"$cli" put "$link" Other "$file" || fail "put of a new document while joined"
for _ in $(seq 200); do grep -q '"type":"doc.created"' "$dir/join" && break; sleep 0.05; done
sleep 1
kill "$join"
head -n 1 "$dir/join" | grep -q '^{"type":"session","title":"CLI test"' || { cat "$dir/join"; fail "join did not print the session"; }
grep -v '^{.*}$' "$dir/join" && fail "join printed a line that is not one JSON object"
grep -q '"type":"doc.op[s]*".*"doc":"'"$readme_id"'"\|"doc":"'"$readme_id"'".*"type":"doc.op' "$dir/join" ||
  { cat "$dir/join"; fail "join did not print the operations in Readme"; }
grep -q '"type":"doc.created"' "$dir/join" || fail "join did not print the new document"
other_id=$(sed -n 's/.*"type":"doc.created".*"id":"\([^"]*\)","kind":"text","title":"Other".*/\1/p' "$dir/join" | head -n 1)
# The new document's text arrives as operations, or in the snapshot when
# the put was done before join opened it.
grep '"doc":"'"$other_id"'"' "$dir/join" | grep -q '"op\|"text":"# Confer' ||
  { cat "$dir/join"; fail "join did not print the new document's text"; }

# Every command with the owner's link came back as one participant, the
# viewer's as another; --name asked for a third: three in all.
"$cli" join "$link" > "$dir/join2" 2>&1 &
join=$!
pids="$pids $join"
for _ in $(seq 200); do grep -q '"type":"session"' "$dir/join2" && break; sleep 0.05; done
kill "$join"
n=$(head -n 1 "$dir/join2" | grep -o '"role":"' | wc -l)
# "you" has a role too.
[ "$n" = 4 ] || { head -n 1 "$dir/join2"; fail "$((n - 1)) participants instead of 3"; }
echo "confer-cli: put, cat, invite, join, refusals and identity ok"
