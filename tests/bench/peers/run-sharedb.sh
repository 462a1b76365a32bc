#!/bin/sh
# Runs one ShareDB peer measurement: installs the packages into DIR (see
# install-sharedb.sh), starts sharedb-server.js on a free port, runs
# sharedb-load.js MODE ARGS against it, prints its JSON line and stops the
# server.
# Usage: run-sharedb.sh DIR MODE [ARGS]
#   e.g. run-sharedb.sh /tmp/sharedb-peer capacity 50 20
#        run-sharedb.sh /tmp/sharedb-peer fanout 200 30 5
#        run-sharedb.sh /tmp/sharedb-peer burst TRACE.json.gz
# Exits 77 (meson's "skipped") when the packages cannot be installed, else
# with sharedb-load.js's status.
[ $# -ge 2 ] || { echo "usage: run-sharedb.sh DIR MODE [ARGS]" >&2; exit 2; }
dir="$1"; shift
case "$0" in */*) here="${0%/*}" ;; *) here=. ;; esac
here=$(cd "$here" && pwd) || exit 1

"$here/install-sharedb.sh" "$dir" || exit 77
modules=$(cd "$dir/node_modules" && pwd) || exit 77

fifo=$(mktemp -u "${TMPDIR:-/tmp}/sharedb-server.XXXXXX") || exit 1
mkfifo "$fifo" || exit 1
node "$here/sharedb-server.js" "$modules" 0 >"$fifo" &
server=$!
load=
stop() {
  [ -z "$load" ] || kill "$load" 2>/dev/null
  kill "$server" 2>/dev/null
  wait "$server" 2>/dev/null
  rm -f "$fifo"
}
trap 'stop; exit 130' INT TERM HUP

# The server's first line is "listening PORT"; keep the fifo open for reading
# afterwards so its later writes cannot fail.
exec 3<"$fifo"
port=
if read -r word number <&3 && [ "$word" = listening ]; then port="$number"; fi
if [ -z "$port" ]; then
  echo "sharedb-server did not start" >&2
  exec 3<&-
  stop
  exit 1
fi

# In the background, so that a signal to this script is handled at once.
node "$here/sharedb-load.js" "$modules" "$port" "$@" &
load=$!
wait "$load"
status=$?
load=
exec 3<&-
stop
trap - INT TERM HUP
exit $status
