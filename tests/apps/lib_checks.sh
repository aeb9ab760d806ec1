# shellcheck shell=bash
# lib_checks.sh - a test script made of independent checks, each one its own ctest test.
#
# A script whose checks can be skipped one by one (a tool missing, a build without the
# display) would otherwise pass as a whole while part of it did not run. So such a script
# names its checks in the array CHECKS (a word each, then its marks: "NAME screen" for a check
# that needs the display, which a build without the view does not register; "NAME plain" for
# one that a sanitizer build does not register), defines check_NAME for each, calls
# checks_parse "$@" BEFORE anything that needs the built programs, and ends with run_checks:
#
#   SCRIPT --list   prints the checks, one a line; tests/CMakeLists.txt registers a ctest test
#                   apps_<script>_<NAME> per line when it configures, before anything is built
#   SCRIPT NAME     runs that check alone: exit 0 passed, 77 skipped, anything else failed
#   SCRIPT          runs them all (by hand) with a result line each, then a summary: exit 1 when
#                   one failed, else 77 when one was skipped, 0 only when every check passed
#
# Each check runs in a subshell of its own, with `set -e` when the script had it: die REASON
# fails it, skip REASON skips it (exit 77), a non-zero exit or return of the check fails it
# (and, under `set -e` only, any command that fails inside it), and so does CHECK_FAILED=1
# when the check returns. What it started with start_bg is killed (by
# pid) when it ends, however it ends. Its scratch directory is $CHECK_DIR, under $TMP.

# The names of the checks, without their marks.
checks_names() {
    local c
    for c in "${CHECKS[@]}"; do
        echo "${c%% *}"
    done
}

# checks_parse ARGS...: --list prints the checks and exits; a check's name selects it alone;
# no argument selects them all; anything else is a usage error (exit 2).
checks_parse() {
    CHECKS_SELECTED=()
    case $# in
    0) mapfile -t CHECKS_SELECTED < <(checks_names) ;;
    1)
        if [ "$1" = --list ]; then
            printf '%s\n' "${CHECKS[@]}"
            exit 0
        fi
        # Not `grep -q` in a pipe: under pipefail its early exit can make the writer's SIGPIPE
        # read as "no such check".
        local known=0 c
        for c in $(checks_names); do
            [[ "$c" == "$1" ]] && known=1
        done
        if ((!known)); then
            echo "$(basename "$0"): no check named '$1'; the checks are:" \
                "$(checks_names | tr '\n' ' ')" >&2
            exit 2
        fi
        CHECKS_SELECTED=("$1")
        ;;
    *)
        echo "usage: $(basename "$0") [--list | CHECK]" >&2
        exit 2
        ;;
    esac
}

# die REASON: ends the check as failed.
die() {
    echo "$*" >"$CHECK_DIR/reason"
    exit 1
}
# deb_build BUILD: packs BUILD's .deb with cpack into $CHECK_DIR/pkg, sets DEB to its path and
# lists its files in $CHECK_DIR/deb-files. Skips the check when cpack, dpkg-deb or BUILD's
# CPackConfig.cmake is missing; fails it when cpack fails.
deb_build() {
    local build=$1
    if ! command -v cpack >/dev/null 2>&1 || ! command -v dpkg-deb >/dev/null 2>&1 ||
        [[ ! -f "$build/CPackConfig.cmake" ]]; then
        skip ".deb contents: cpack, dpkg-deb or CPackConfig.cmake missing"
    fi
    cpack --config "$build/CPackConfig.cmake" -G DEB -B "$CHECK_DIR/pkg" >"$CHECK_DIR/cpack.log" 2>&1 ||
        die "cpack: $(cat "$CHECK_DIR/cpack.log")"
    DEB=$(find "$CHECK_DIR/pkg" -maxdepth 1 -name 'wallboard_*.deb' | head -n1)
    [[ -n "$DEB" ]] || die "cpack made no wallboard_*.deb"
    dpkg-deb -c "$DEB" | awk '{print $NF}' >"$CHECK_DIR/deb-files"
}
# skip REASON: ends the check as skipped.
skip() {
    echo "$*" >"$CHECK_DIR/reason"
    exit 77
}
# note TEXT: a measured figure, printed under the check's result line.
note() {
    echo "  $*" | tee -a "$CHECK_DIR/notes" >&2
}
# The processes a check started are killed by pid when the check ends.
kill_mine() {
    local pid
    for pid in "${BG_PIDS[@]}"; do
        kill -KILL "$pid" 2>/dev/null || true
    done
    for pid in "${BG_PIDS[@]}"; do
        wait "$pid" 2>/dev/null || true
    done
}

CHECKS_FAILED=0
CHECKS_SKIPPED=0
CHECKS_RESULTS=()

# run_check NAME: runs check_NAME in a subshell and prints its result line.
run_check() {
    local name=$1 t0=$SECONDS rc errexit=0
    CHECK_DIR="$TMP/$name"
    mkdir -p "$CHECK_DIR"
    # The check keeps the script's `set -e`; the script itself must go on to the result line.
    [[ $- == *e* ]] && errexit=1
    set +e
    (
        ((errexit)) && set -e
        BG_PIDS=()
        CHECK_FAILED=0
        trap kill_mine EXIT
        "check_$name"
        # Reached with `set +e` only: a check that returns non-zero has failed.
        st=$?
        ((st == 0)) || exit "$st"
        ((CHECK_FAILED == 0)) || die "see the FAILED lines above"
        exit 0
    )
    rc=$?
    ((errexit)) && set -e
    local reason="" took=$((SECONDS - t0))
    [ -f "$CHECK_DIR/reason" ] && reason=$(cat "$CHECK_DIR/reason")
    case $rc in
    0) CHECKS_RESULTS+=("PASS: $name (${took} s)${reason:+: $reason}") ;;
    77)
        CHECKS_RESULTS+=("SKIPPED: $name: $reason")
        CHECKS_SKIPPED=1
        ;;
    *)
        CHECKS_RESULTS+=("FAIL: $name (${took} s): ${reason:-exit code $rc (see the output above)}")
        CHECKS_FAILED=1
        ;;
    esac
    echo "${CHECKS_RESULTS[-1]}"
}

# run_checks: runs the selected checks and exits with the result (see the top of this file).
run_checks() {
    local name
    for name in "${CHECKS_SELECTED[@]}"; do
        run_check "$name"
    done
    if ((${#CHECKS_SELECTED[@]} > 1)); then
        echo "---- $(basename "$0" .sh): summary ----"
        printf '%s\n' "${CHECKS_RESULTS[@]}"
    fi
    ((CHECKS_FAILED == 0)) || exit 1
    ((CHECKS_SKIPPED == 0)) || exit 77
    exit 0
}
