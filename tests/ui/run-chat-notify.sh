#!/bin/sh
# Chat notifications with the real app under Xvfb (run by xvfb-run), its
# own D-Bus session holding a test notification server
# (confer-test-notifications, which records every notification GLib's
# GNotification sends it). Ann joins a conferd session in Confer and
# opens the chat; confer-cli writes in it:
# - her window focused, a mention of her raises nothing (she sees it);
# - another window focused: a plain message raises nothing (mentions only,
#   the default), a mention of her raises "… mentioned you" with the text;
# - "none" chosen for the session: a mention raises nothing;
# - "all" chosen: a plain message raises "Message from …".
# The choice is written to her settings (the keyfile backend, which the
# app follows as it changes); choosing it in the chat's menu is tested in
# test-session-view.
# Usage: run-chat-notify.sh CONFER CONFERD CONFER_CLI NOTIFICATION_SERVER LOG_DIR
set -u
app="$1"; conferd="$2"; cli="$3"; notifications="$4"; logdir="$5"
test_name=chat-notify
. "$(dirname "$0")/app-driver.sh"
export GSETTINGS_BACKEND=keyfile

"$conferd" --data-dir "$dir/data" --listen 127.0.0.1 --port 0 --insecure --new-session Notify > "$dir/conferd.log" 2>&1 &
pids="$pids $!"
wait_for "conferd's link" grep -q '^confer://' "$dir/conferd.log"
link=$(grep '^confer://' "$dir/conferd.log")
key=$(echo "$link" | sed 's|^confer://\([^/]*\)/\([^?]*\).*|\1/\2|')

bus_helper="$notifications" join_as ann Ann "$link"
xdotool windowfocus --sync "$ann_win"
keys ctrl+shift+c
sleep 1
notified="$dir/ann-bus.out"
count() { grep -vc '^ready$' "$notified"; }
# expect_notification N WHAT SUMMARY BODY WHY: waits for WHAT, the N-th
# notification, which must be the last one (WHY fails otherwise), its
# summary matching the grep pattern SUMMARY and its body BODY.
expect_notification() {
  wait_for "$2" sh -c "[ \$(grep -vc '^ready\$' '$notified') -ge $1 ]"
  sleep 1
  [ "$(count)" = "$1" ] || { cat "$notified"; fail "$5"; }
  line=$(grep -v '^ready$' "$notified" | sed -n "${1}p")
  summary=$(echo "$line" | cut -f 2); body=$(echo "$line" | cut -f 3)
  echo "$summary" | grep -q "$3" || fail "the summary is “$summary”"
  [ "$body" = "$4" ] || fail "the body is “$body”"
}

# Seen: her window is the active one and shows the chat.
"$cli" chat send "$link" "@Ann are you there?" > /dev/null || fail "chat send"
sleep 2

# Another window takes the focus.
xmessage -geometry 300x100+900+600 "Elsewhere" &
pids="$pids $!"
wait_for "the other window" sh -c "xdotool search --name '^xmessage$'"
xdotool windowfocus --sync "$(xdotool search --name '^xmessage$' | head -n 1)"
sleep 1
"$cli" chat send "$link" "A plain message" > /dev/null || fail "chat send"
"$cli" chat send "$link" "Lunch, @ann?" > /dev/null || fail "chat send"
expect_notification 1 "the mention's notification" '^.* mentioned you$' "Lunch, @ann?" \
  "expected one notification, the mention"
import -window root "$logdir/chat-notify.png"

choose() { # all | mentions | none, as the chat's menu stores it
  settings="$dir/ann/glib-2.0/settings/keyfile"
  grep -v '^chat-notifications=' "$settings" > "$dir/keyfile.new"
  sed -i "s|^\[org/confer/Confer\]\$|[org/confer/Confer]\nchat-notifications={'$key': '$1'}|" "$dir/keyfile.new"
  grep -q "^chat-notifications=" "$dir/keyfile.new" || fail "no settings group in $settings"
  mv "$dir/keyfile.new" "$settings"
  sleep 2
}
choose none
"$cli" chat send "$link" "@Ann, nothing for you" > /dev/null || fail "chat send"
sleep 1
choose all
"$cli" chat send "$link" "Everyone hears this" > /dev/null || fail "chat send"
expect_notification 2 "the plain message's notification" '^Message from ' "Everyone hears this" \
  "“none” raised a notification"
no_criticals
cat "$notified"
echo "ok: a mention notifies only while the window is not focused; mentions only ignores plain messages; none raises nothing; all raises plain messages"
