#!/usr/bin/env bash
# URLs that cannot be used as written, in every program that takes one: exit 2 and one line
# naming the option, the URL and why. The schemes a message offers are the ones that reach
# another process, the same in every program (tcp://, ipc:// and ws://): inproc:// is never
# offered, and when given it is refused with its reason, since nanomsg would take it and wait
# in silence for a peer inside the same process that no program here ever opens.
set -euo pipefail
# shellcheck source=tests/apps/lib_wallboard.sh
. "$(dirname "$0")/lib_wallboard.sh"
# shellcheck source=tests/apps/lib_hub.sh
. "$(dirname "$0")/lib_hub.sh"
REPLAY="$WB_BIN/wallboard-replay"
ASTERISK="$WB_BIN/wallboard-asterisk"

INPROC="an inproc:// address reaches only sockets inside this same process, never another program; use tcp://HOST:PORT, ipc://PATH or ws://HOST:PORT"

# expect_refused WHAT URL WANT CMD...: CMD exits 2 with "WHAT URL: WANT" on stderr (WHAT is
# connect or bind, what the socket was asked to do, with or without the option's "--"), and
# inproc:// is not among the schemes offered. Each command would end by itself within seconds
# if it accepted the URL, so a program that starts instead of refusing fails here, not hangs.
expect_refused() {
    local what=$1 url=$2 want=$3 rc=0
    shift 3
    timeout 60 "$@" >"$TMP/out" 2>"$TMP/err" || rc=$?
    [ "$rc" -eq 2 ] || fail "$*: exit $rc, expected 2: $(cat "$TMP/err")"
    grep -qF -- "$what $url: $want" "$TMP/err" || fail "$*: message: $(cat "$TMP/err")"
    [ "$(wc -l <"$TMP/err")" -eq 1 ] || fail "$*: more than one line: $(cat "$TMP/err")"
    if [ "${url#inproc://}" = "$url" ]; then
        ! grep -qF "inproc" "$TMP/err" || fail "$*: inproc:// offered: $(cat "$TMP/err")"
    fi
    echo "ok: exit 2: $(cat "$TMP/err")"
}

ipc="ipc://$TMP/x.ipc"
SCHEMES="expected a URL starting with tcp://, ipc:// or ws://"

# The screen: a subscriber.
expect_refused connect inproc://wb "$INPROC" "$WALLBOARD" --headless --connect inproc://wb --exit-after 2
expect_refused bind inproc://wb "$INPROC" "$WALLBOARD" --headless --bind inproc://wb --exit-after 2
expect_refused connect http://x "$SCHEMES" "$WALLBOARD" --headless --connect http://x --exit-after 2
expect_refused connect inproc://wb "$INPROC" "$WALLBOARD" --headless --hub inproc://wb --exit-after 2

# The hub: a subscriber in, a publisher and a reply socket out.
expect_refused connect inproc://wb "$INPROC" "$HUB" --connect inproc://wb --bind "$ipc" --exit-after 2
expect_refused bind inproc://wb "$INPROC" "$HUB" --listen inproc://wb --bind "$ipc" --exit-after 2
expect_refused connect http://x "$SCHEMES" "$HUB" --connect http://x --bind "$ipc" --exit-after 2
expect_refused bind inproc://wb "$INPROC" "$HUB" --connect "$ipc" --bind inproc://wb --exit-after 2
expect_refused "--reply: bind" inproc://wb "$INPROC" "$HUB" --connect "ipc://$TMP/in.ipc" --bind "$ipc" \
    --reply inproc://wb --exit-after 2

# The publishers: the simulator, the replayer and the Asterisk adapter.
expect_refused connect inproc://wb "$INPROC" "$SIM" --connect inproc://wb --duration 2
expect_refused bind inproc://wb "$INPROC" "$SIM" --bind inproc://wb --duration 2
expect_refused connect http://x "$SCHEMES" "$SIM" --connect http://x --duration 2
printf '{"rx":1709625600000,"msg":{"v":1,"type":"contact.queued","ts":1709625600000,"src":"a","id":"c1","channel":"phone"}}\n' \
    >"$TMP/day.jsonl"
expect_refused connect inproc://wb "$INPROC" "$REPLAY" "$TMP/day.jsonl" --connect inproc://wb --linger 0
expect_refused connect http://x "$SCHEMES" "$REPLAY" "$TMP/day.jsonl" --connect http://x --linger 0
if [ -x "$ASTERISK" ]; then
    : >"$TMP/queue_log"
    # It runs until stopped when it takes the URL: timeout's 124 is then the exit seen.
    expect_refused bind inproc://wb "$INPROC" timeout 5 "$ASTERISK" --queue-log "$TMP/queue_log" \
        --bind inproc://wb
fi
echo "PASS"
