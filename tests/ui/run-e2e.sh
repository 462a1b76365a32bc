#!/bin/sh
# The app end to end, as its users drive it, under Xvfb (run by xvfb-run):
# Ann starts Confer, gives her name, hosts a session with the keyboard and
# copies the invite link; Bob joins it with confer-cli and with a second
# Confer. Ann types, Bob sees it; Bob edits, Ann's editor shows it (she
# exports the document and the file has his text); she finds his name
# and types over it. Ann imports the
# project's README.md, both edit it, she exports it, and the file equals
# the server's text. A screenshot of both participants' cursors goes to
# the log directory.
# Usage: run-e2e.sh CONFER CONFER_CLI README LOG_DIR
set -u
app="$1"; cli="$2"; readme=$(realpath "$3"); logdir="$4"
test_name=e2e
. "$(dirname "$0")/app-driver.sh"

# Ann: first run asks her name; then she hosts with Ctrl+Shift+N and
# copies the owner link from the dialog (Enter).
host_as ann "Ann"
link=$host_link
# Bob reaches Ann's machine over loopback.
bob_link=$(echo "$link" | sed 's|^confer://[^:/]*:|confer://127.0.0.1:|')
echo "link: $bob_link"

# Ann mints an editor invite from the Invite menu (Ctrl+I, Alt+C): the
# link names the host the owner link names, never loopback.
owner_host=$(echo "$link" | sed 's|^confer://\([^/]*\):[0-9]*/.*|\1|')
[ "$owner_host" != 127.0.0.1 ] || fail "the owner link names loopback"
keys ctrl+i
sleep 0.7
keys alt+c
wait_for "the invite link on the clipboard" sh -c "xclip -o -selection clipboard | grep '^confer://' | grep -vqx '$link'"
invite_link=$(xclip -o -selection clipboard)
case "$invite_link" in
  "confer://$owner_host:"*) echo "invite link: $invite_link" ;;
  *) fail "the invite link $invite_link does not name $owner_host" ;;
esac
# The Invite menu lists it among the live invites, to copy or revoke.
keys ctrl+i
sleep 1
import -window root "$logdir/e2e-invites.png"
keys Escape

# Ann makes a document and types in it.
keys ctrl+n
sleep 1
typed "Hello from Ann."
wait_for "Ann's text at the server" sh -c "'$cli' cat '$bob_link' 'Untitled 1' | grep -q 'Hello from Ann.'"

# Bob changes the document with confer-cli; Ann's editor follows: her
# export has Bob's line.
printf 'Hello from Ann.\nHello from Bob.\n' > "$dir/bob.txt"
"$cli" put "$bob_link" "Untitled 1" "$dir/bob.txt" || fail "Bob's put"
sleep 1
export_doc "$ann_win" "$dir/first.md"
cmp "$dir/bob.txt" "$dir/first.md" || fail "Ann's export does not have Bob's edit"

# Ann finds Bob's name (typing straight after Ctrl+F, while the search bar
# is still opening: no keystroke may be lost) and types over the match.
keys ctrl+f
typed "Bob"
sleep 0.5
keys Escape
typed "Robert"
wait_for "Ann's replacement at the server" sh -c "'$cli' cat '$bob_link' 'Untitled 1' | grep -qx 'Hello from Robert.'"

# Bob joins with a second Confer too, from the link, and confirms.
start_app bob "$bob_link"
wait_for "Bob's window" has_window "$bob_pid"
bob_win=$(window_of "$bob_pid")
sleep 1.5
typed "Bob"; keys Return
# The join dialog names the session, the role and the server (once the
# server has said what the invite gives); Enter joins.
sleep 2
import -window root "$logdir/e2e-join-dialog.png"
keys Return
sleep 2
xdotool windowmove "$bob_win" 620 240
sleep 0.5

# Ann imports the README (Ctrl+O, a path typed into the chooser).
xdotool windowfocus --sync "$ann_win"
keys ctrl+o
sleep 1.5
typed "$readme"
sleep 0.3
keys Return
title=$(basename "$readme")
wait_for "the imported README at the server" sh -c "'$cli' cat '$bob_link' '$title' > '$dir/imported.md' && cmp -s '$readme' '$dir/imported.md'"

# Both edit it: Ann at the top, Bob (in his Confer) at the end.
xdotool windowfocus --sync "$ann_win"
keys ctrl+Home
typed "Edited by Ann. "
xdotool windowfocus --sync "$bob_win"
xdotool mousemove --window "$bob_win" 120 225 click 1
sleep 0.5
xdotool mousemove --window "$bob_win" 600 400 click 1
keys ctrl+End
typed "Bob was here."
# Bob goes up to the third line, near Ann's cursor, so each sees the
# other's in the screenshot.
keys ctrl+Home Down Down End
sleep 1.5
import -window root "$logdir/e2e-two-cursors.png"
echo "screenshot: $logdir/e2e-two-cursors.png"

# Ann exports; the file equals the server's text, and has both edits.
export_doc "$ann_win" "$dir/README-export.md"
"$cli" cat "$bob_link" "$title" > "$dir/server.md" || fail "cat the README"
cmp "$dir/server.md" "$dir/README-export.md" || fail "the export differs from the server's text"
grep -q "^Edited by Ann. " "$dir/README-export.md" || fail "Ann's edit is missing"
grep -q "Bob was here." "$dir/README-export.md" || fail "Bob's edit is missing"
no_criticals
echo "ok: two participants, README imported, edited from both sides, exported equal to the server's text"
