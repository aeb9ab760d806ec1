#!/usr/bin/env bash
# A publisher that sends a message over the receiver's 1 MiB limit has its connection closed
# by nanomsg (wb_sub.h): the screen and the hub say so on stderr, at most once a minute with
# the count since the last line, rather than leaving the installer a gap and no word. nanocat
# repeats a 2 MB message twice a second; in 6 s the program writes one such line.
set -euo pipefail
# shellcheck source=tests/apps/lib_wallboard.sh
. "$(dirname "$0")/lib_wallboard.sh"
# shellcheck source=tests/apps/lib_hub.sh
. "$(dirname "$0")/lib_hub.sh"

command -v nanocat >/dev/null || { echo "SKIPPED: nanocat not installed (nanomsg-utils)"; exit 77; }

head -c 2000000 /dev/zero | tr '\0' x >"$TMP/big"
u="ipc://$TMP/big.ipc"
start_bg nanocat --pub --bind "$u" -F "$TMP/big" --interval 0.5
for prog in wallboard hub; do
    if [ "$prog" = wallboard ]; then
        "$WALLBOARD" --headless --connect "$u" --exit-after 6 2>"$TMP/err" || fail "wallboard ended badly"
    else
        "$HUB" --connect "$u" --bind "ipc://$TMP/out.ipc" --exit-after 6 2>"$TMP/err" ||
            fail "the hub ended badly: $(cat "$TMP/err")"
    fi
    n=$(grep -c "publisher connection(s) lost: .* over 1 MiB" "$TMP/err" || true)
    [ "$n" = 1 ] || fail "$prog: $n lines about lost connections (want 1): $(cat "$TMP/err")"
    echo "ok: $prog: $(grep -o '[0-9]* publisher connection(s) lost' "$TMP/err"), said once"
done
