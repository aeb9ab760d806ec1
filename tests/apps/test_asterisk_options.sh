#!/usr/bin/env bash
# wallboard-asterisk's --queue-log that is no regular file: a directory (--queue-log /var/log)
# was "followed" as an empty log with heartbeats, so screens showed LIVE with zeros, and a FIFO
# held the adapter in open() for ever. Both must be refused as a configuration file that is a
# directory is: one line naming the option, the path and what it is, exit 2, nothing bound.
# A queue_log that does not exist yet is still waited for.
set -euo pipefail
# shellcheck source=tests/apps/lib_wallboard.sh
. "$(dirname "$0")/lib_wallboard.sh"
ADAPTER="$WB_BIN/wallboard-asterisk"
[ -x "$ADAPTER" ] || fail "$ADAPTER is not built"

# refused PATH WHAT: the adapter given --queue-log PATH ends within 10 s, exit 2, saying WHAT.
refused() {
    local path=$1 what=$2 sock="$TMP/pub.ipc"
    start_bg "$ADAPTER" --queue-log "$path" --bind "ipc://$sock" 2>"$TMP/err"
    wait_exit "$BG_PID" 10
    [ "$RC" -eq 2 ] || fail "--queue-log $path: exit $RC, not 2: $(cat "$TMP/err")"
    grep -qxF "wallboard-asterisk: --queue-log $path: not a regular file ($what); give Asterisk's queue_log file" "$TMP/err" ||
        fail "--queue-log $path: $(cat "$TMP/err")"
    [ "$(wc -l <"$TMP/err")" -eq 1 ] || fail "--queue-log $path: more than one line: $(cat "$TMP/err")"
    [ ! -e "$sock" ] || fail "--queue-log $path: $sock was bound"
    echo "ok: --queue-log $path refused: $what, exit 2, nothing bound"
}

mkdir "$TMP/logdir"
refused "$TMP/logdir" "a directory"
mkfifo "$TMP/fifo"
refused "$TMP/fifo" "a device, FIFO or socket"
refused /dev/null "a device, FIFO or socket"

# Not there yet: waited for, as before.
start_bg "$ADAPTER" --queue-log "$TMP/later/queue_log" --bind "ipc://$TMP/ok.ipc" 2>"$TMP/ok.err"
wait_grep "$TMP/ok.err" "waiting for it to appear"
wait_grep "$TMP/ok.err" "following $TMP/later/queue_log"
kill "$BG_PID"
wait_exit "$BG_PID" 10
[ "$RC" -eq 0 ] || fail "a missing queue_log: exit $RC: $(cat "$TMP/ok.err")"
echo "ok: a queue_log not there yet is waited for"
echo "PASS"
