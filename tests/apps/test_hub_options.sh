#!/usr/bin/env bash
# Bad input to wallboard-hub and wallboard-replay (and --version of every program): each refused with one clear line and the
# right exit code (2 for usage and configuration, 1 for a file or socket that cannot be used),
# before anything is written.
set -euo pipefail
# shellcheck source=tests/apps/lib_wallboard.sh
. "$(dirname "$0")/lib_wallboard.sh"
# shellcheck source=tests/apps/lib_hub.sh
. "$(dirname "$0")/lib_hub.sh"
REPLAY="$WB_BIN/wallboard-replay"

expect_fail() { # expect_fail CODE PATTERN CMD...
    local code=$1 pattern=$2 rc=0
    shift 2
    "$@" >"$TMP/out" 2>&1 || rc=$?
    [ "$rc" -eq "$code" ] || fail "$* exited $rc, not $code: $(cat "$TMP/out")"
    grep -q -- "$pattern" "$TMP/out" || fail "$*: no '$pattern' in: $(cat "$TMP/out")"
    echo "ok: $(head -n 1 "$TMP/out")"
}
in="ipc://$TMP/in.ipc"
out="ipc://$TMP/out.ipc"
expect_fail 2 "give at least one --connect" "$HUB" --bind "$out"
expect_fail 2 "give at least one --connect" "$HUB" --connect "$in"
expect_fail 2 "snapshot-s 0: expected" "$HUB" --connect "$in" --bind "$out" --snapshot-s 0
expect_fail 2 "clock sometimes: expected" "$HUB" --connect "$in" --bind "$out" --clock sometimes
expect_fail 2 "unknown option --bogus" "$HUB" --bogus
printf '[wallboard]\nstale_after_s = -3\n' >"$TMP/bad.ini"
expect_fail 2 "bad.ini:2: \[wallboard\] stale_after_s" "$HUB" --connect "$in" --bind "$out" --config "$TMP/bad.ini"
: >"$TMP/plainfile"
expect_fail 1 "plainfile" "$HUB" --connect "$in" --bind "$out" --journal "$TMP/plainfile"
expect_fail 2 "bind tcp://127.0.0.1:notaport: Invalid argument" "$HUB" --connect "$in" --bind "tcp://127.0.0.1:notaport"
# Port 65535 has no port + 1 for the reply socket.
expect_fail 2 "cannot derive the reply URL" "$HUB" --connect "$in" --bind "tcp://127.0.0.1:65535"
expect_fail 2 "bind inproc://x: an inproc:// address reaches only sockets inside this same process" \
    "$HUB" --connect "$in" --bind "inproc://x"
echo keep >"$TMP/precious"
expect_fail 2 "is not a socket; refusing" "$HUB" --connect "$in" --bind "ipc://$TMP/precious"
[ "$(cat "$TMP/precious")" = keep ] || fail "--bind replaced an ordinary file"
expect_fail 2 "is not a socket; refusing" "$HUB" --connect "$in" --bind "$out" --reply "ipc://$TMP/precious"
expect_fail 2 "is not a socket; refusing" "$HUB" --listen "ipc://$TMP/precious" --bind "$out"
[ "$(cat "$TMP/precious")" = keep ] || fail "--reply or --listen replaced an ordinary file"
expect_fail 2 "from 9: expected HH:MM" "$REPLAY" "$TMP/x.jsonl" --from 9
expect_fail 2 "exactly one journal FILE" "$REPLAY"
expect_fail 2 "wait -1: expected seconds >= 0" "$REPLAY" "$TMP/x.jsonl" --wait -1
printf '[channel.chat]\nsl_threshold_s = 30\nshort_abandon_s = soon\n' >"$TMP/bad-chat.ini"
expect_fail 2 "bad-chat.ini:3: \[channel.chat\] short_abandon_s" \
    "$REPLAY" "$TMP/x.jsonl" --bind "ipc://$TMP/r.ipc" --config "$TMP/bad-chat.ini"
WB_CONFIG="$TMP/bad-chat.ini" expect_fail 2 "bad-chat.ini:3: \[channel.chat\] short_abandon_s" \
    "$REPLAY" "$TMP/x.jsonl" --bind "ipc://$TMP/r.ipc"
printf 'not a journal\n' >"$TMP/junk.jsonl"
expect_fail 1 "no journal lines (1 bad, 0 torn)" "$REPLAY" "$TMP/junk.jsonl" --bind "ipc://$TMP/r.ipc"
# A --stats-json that is a directory: one line, the option and the path said once (the
# hub used to add its own "--stats-json " before the statsfile's, which had it already), and
# exit 2 as the screen gives.
mkdir "$TMP/adir"
expect_fail 2 "" "$HUB" --listen "$in" --bind "$out" --stats-json "$TMP/adir"
tail -n 1 "$TMP/out" | grep -qxF "wallboard-hub: --stats-json $TMP/adir: Is a directory" ||
    fail "--stats-json DIR: $(cat "$TMP/out")"
[ ! -e "$TMP/in.ipc" ] || fail "a refused start left a socket behind"
# --version: every program says its name and the project's version, read here from the top
# CMakeLists.txt's project() line, and exits 0 (only the screen did; the others exit 2).
version=$(sed -n 's/^project(wallboard VERSION \([0-9.]*\) .*/\1/p' "${WB_SRC:-$(dirname "$0")/../..}/CMakeLists.txt")
[ -n "$version" ] || fail "no version in CMakeLists.txt"
for prog in wallboard-hub wallboard-asterisk wallboard-sim wallboard-replay wallboard; do
    [ -x "$WB_BIN/$prog" ] || continue
    got=$("$WB_BIN/$prog" --version 2>&1) || fail "$prog --version: exit $?: $got"
    [[ "$got" == "$prog $version" || "$got" == "$prog $version ("* ]] ||
        fail "$prog --version: '$got', not '$prog $version'"
    echo "ok: $got"
done
echo "PASS"
