#!/usr/bin/env bash
# tests/apps/test_cross_arm64.sh - runs scripts/cross-arm64.sh (without --install): the
# aarch64 cross build of the whole project and its unit tests under qemu-user. Passes when
# that succeeds; is reported as skipped (exit 77) when the script says SKIPPED because the
# cross tools are not installed (scripts/test.sh installs them and runs the cross build as a
# stage of its own, so there it never skips); fails when the tools are there and the build or a test under qemu fails, or when it takes
# longer than WB_CROSS_TIMEOUT seconds (default 540, under ctest's 600 s limit; measured on
# 2 cores: about 25 s, a 6-10 s build and 18 s of unit tests under qemu, so the limit leaves
# room for a loaded machine and a project that grows).
# Run by ctest with WB_SRC (source tree) and WB_BIN (directory of the built programs); the
# cross build goes to cross-arm64/ beside them in the native build directory.
set -uo pipefail

SRC=${WB_SRC:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
BIN=${WB_BIN:-$SRC/build/src/apps}
LIMIT=${WB_CROSS_TIMEOUT:-540}
build=$(cd "$BIN/../.." 2>/dev/null && pwd)/cross-arm64
log=$(mktemp)
trap 'rm -f "$log"' EXIT

start=$(date +%s)
timeout --kill-after=10 "$LIMIT" bash "$SRC/scripts/cross-arm64.sh" --build-dir "$build" \
    2>&1 | tee "$log"
rc=${PIPESTATUS[0]}
took=$(($(date +%s) - start))

if ((rc == 124 || rc == 137)); then
    echo "FAILED: scripts/cross-arm64.sh took longer than $LIMIT s (set WB_CROSS_TIMEOUT to allow more)"
    exit 1
fi
if ((rc == 0)) && grep -q '^SKIPPED: ' "$log"; then
    echo "SKIPPED: cross build not run, as the script said why (${took} s)"
    exit 77
fi
if ((rc == 0)) && grep -q '^cross-arm64: OK: ' "$log"; then
    echo "ok: aarch64 build and unit tests under qemu passed in ${took} s"
    exit 0
fi
echo "FAILED: scripts/cross-arm64.sh exited $rc after ${took} s"
exit 1
