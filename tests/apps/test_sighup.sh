#!/usr/bin/env bash
# SIGHUP to the services that read their configuration only at start, wallboard-hub and
# wallboard-asterisk: a `kill -HUP` (or a terminal closed under them) used to end them by the
# signal's default action (exit 129, no summary), taking every screen's day with it. Each must
# say once that its configuration is read at start, keep running (still alive a second later,
# two HUPs sent), and end on SIGTERM as usual: exit 0 with its closing summary.
set -euo pipefail
# shellcheck source=tests/apps/lib_wallboard.sh
. "$(dirname "$0")/lib_wallboard.sh"
# shellcheck source=tests/apps/lib_hub.sh
. "$(dirname "$0")/lib_hub.sh"
ADAPTER="$WB_BIN/wallboard-asterisk"
[ -x "$ADAPTER" ] || fail "$ADAPTER is not built"

# hup NAME PID ERR SUMMARY: two SIGHUPs to PID, which must still run a second after each and
# say so twice on ERR; then SIGTERM, exit 0 and SUMMARY (fixed string) on ERR.
hup() {
    local name=$1 pid=$2 err=$3 summary=$4 n
    for _ in 1 2; do
        kill -HUP "$pid"
        sleep 1
        kill -0 "$pid" 2>/dev/null || {
            wait "$pid" || RC=$?
            fail "$name: ended by SIGHUP (exit ${RC:-0}): $(cat "$err")"
        }
    done
    n=$(grep -cF "$name: SIGHUP: configuration is read at start; restart to apply" "$err" || true)
    [ "$n" -eq 2 ] || fail "$name: said $n times for 2 SIGHUPs: $(cat "$err")"
    kill -TERM "$pid"
    wait_exit "$pid" 20
    [ "$RC" -eq 0 ] || fail "$name: exit $RC after SIGTERM: $(cat "$err")"
    grep -qF "$summary" "$err" || fail "$name: no closing summary: $(cat "$err")"
    echo "ok: $name keeps running through SIGHUP and says why nothing changed"
}

start_bg "$HUB" --listen "ipc://$TMP/in.ipc" --bind "ipc://$TMP/out.ipc" 2>"$TMP/hub.err"
hub=$BG_PID
wait_grep "$TMP/hub.err" "publisher endpoint"
hup wallboard-hub "$hub" "$TMP/hub.err" "wallboard-hub: forwarded "

: >"$TMP/queue_log"
start_bg "$ADAPTER" --queue-log "$TMP/queue_log" --bind "ipc://$TMP/ast.ipc" 2>"$TMP/ast.err"
ast=$BG_PID
wait_grep "$TMP/ast.err" "following $TMP/queue_log"
hup wallboard-asterisk "$ast" "$TMP/ast.err" "wallboard-asterisk: stopped: "
echo "PASS"
