#!/usr/bin/env bash
# scripts/test.sh - builds the wallboard and runs every test: the README's test command, and
# what .ci/run runs. On a fresh Debian 12 machine (root or sudo) it first installs the Debian
# packages that are missing and says which.
#
#   1. build/         normal build, warnings are errors; ctest runs everything (unit tests,
#                     the shell tests in tests/apps, among them the kiosk checks) but the
#                     arm64 cross build, which stage 3 runs for real
#   2. build-noview/  -DWB_BUILD_VIEW=OFF, the headless build for a hub or a server: it must
#                     build without SDL and pass its tests (the display checks say skipped)
#   3. build-arm64/   the aarch64 (Raspberry Pi) cross build and its unit tests under qemu:
#                     scripts/cross-arm64.sh --install installs the cross tools when missing
#                     (about 90 s once); when they cannot be installed this stage FAILS
#   4. build-asan/    AddressSanitizer + UndefinedBehaviorSanitizer; the unit, integration,
#                     render and fault tests again (not the script and cross-build checks)
#   5. build-fuzz/    clang libFuzzer targets, a fixed number of runs each, with dictionaries
#
# Options: --long-fuzz (5,000,000 runs per fuzzer instead of 200,000: about 3 minutes
# instead of 10 s on this project), --fuzz-runs N, --jobs N
# (build jobs, default: all cores), --no-fuzz, --no-asan, --out DIR (where the build
# directories go, default: the source tree).
# Every stage runs even after an earlier one failed; the exit status is non-zero if any
# failed. A test that cannot run exits 77 and ctest reports it as skipped: the results list
# every skipped test by name, and the last line sums the ctest results:
# "summary: N passed, N failed, N skipped".
set -uo pipefail

SRC=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
JOBS=$(nproc 2>/dev/null || echo 2)
FUZZ_RUNS=200000
DO_ASAN=1
DO_FUZZ=1
OUT=$SRC

while (($#)); do
    case "$1" in
    --long-fuzz) FUZZ_RUNS=5000000 ;;
    --fuzz-runs)
        FUZZ_RUNS=$2
        shift
        ;;
    --jobs)
        JOBS=$2
        shift
        ;;
    --no-asan) DO_ASAN=0 ;;
    --no-fuzz) DO_FUZZ=0 ;;
    --out)
        OUT=$2
        shift
        ;;
    -h | --help)
        awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "${BASH_SOURCE[0]}"
        exit 0
        ;;
    *)
        echo "test.sh: unknown option: $1 (see --help)" >&2
        exit 2
        ;;
    esac
    shift
done

# shellcheck source=scripts/deps.sh
source "$SRC/scripts/deps.sh"

T0=$(date +%s)
PASSED=0
FAILED=0
SKIPPED=0
SKIPPED_NAMES=()
STAGES=()
BAD=0
LOGDIR="$OUT/build/test-logs"

note() { printf '\n=== test.sh: %s\n' "$*"; }
record() {
    STAGES+=("$(printf '%-10s %s' "$1" "$2")")
    [[ "$2" == ok* || "$2" == skipped* ]] || BAD=1
}

# Adds the counts of a ctest log to the totals: ctest counts a skipped test (exit 77) among
# the ones that did not fail, so skipped ones are taken out of the passed ones and named.
count_ctest_log() {
    local name=$1 log=$2 line failed total skipped t
    line=$(grep -E '[0-9]+% tests passed, [0-9]+ tests? failed out of [0-9]+' "$log" | tail -n1)
    if [[ -z "$line" ]]; then
        CTEST_RESULT="no tests ran"
        return 1
    fi
    failed=$(sed -E 's/.* ([0-9]+) tests? failed out of ([0-9]+).*/\1/' <<<"$line")
    total=$(sed -E 's/.* ([0-9]+) tests? failed out of ([0-9]+).*/\2/' <<<"$line")
    skipped=0
    while read -r t; do
        [[ -n "$t" ]] || continue
        SKIPPED_NAMES+=("$name: $t")
        skipped=$((skipped + 1))
    done < <(sed -n -E 's/^[[:space:]]*[0-9]+ - ([^ ]+) \(Skipped\).*/\1/p' "$log" | sort -u)
    PASSED=$((PASSED + total - failed - skipped))
    FAILED=$((FAILED + failed))
    SKIPPED=$((SKIPPED + skipped))
    CTEST_RESULT="$((total - failed - skipped)) passed, $failed failed, $skipped skipped"
}

# Runs ctest with "$@", adds its counts to the totals and prints its closing line. Returns
# non-zero when a test failed, ctest failed, or no test ran.
run_ctest() {
    local name=$1 log
    shift
    log="$LOGDIR/ctest-$name.log"
    ctest --output-on-failure "$@" 2>&1 | tee "$log"
    local rc=${PIPESTATUS[0]}
    if ! count_ctest_log "$name" "$log"; then
        echo "test.sh: $name: ctest ran no test" >&2
        return 1
    fi
    return "$rc"
}

note "dependencies"
if ! wb_install_deps "${WB_DEPS_ALL[@]}"; then
    echo "test.sh: cannot install the build dependencies; stopping" >&2
    echo "summary: 0 passed, 1 failed"
    exit 1
fi
mkdir -p "$LOGDIR"

# --- 1. normal build, all tests -------------------------------------------------------------
note "build/ (warnings are errors) and all tests but the cross build (stage 3)"
if cmake -S "$SRC" -B "$OUT/build" -DWB_WERROR=ON -DWB_SANITIZE=OFF &&
    cmake --build "$OUT/build" -j "$JOBS"; then
    if run_ctest build --test-dir "$OUT/build" -E '^apps_test_cross_arm64$'; then
        record build "ok ($CTEST_RESULT)"
    else
        record build "FAILED ($CTEST_RESULT)"
    fi
else
    record build "FAILED (configure or build)"
fi

# --- 2. headless build: no SDL ---------------------------------------------------------------
note "build-noview/ (-DWB_BUILD_VIEW=OFF) and its tests"
if cmake -S "$SRC" -B "$OUT/build-noview" -DWB_WERROR=ON -DWB_SANITIZE=OFF -DWB_BUILD_VIEW=OFF &&
    cmake --build "$OUT/build-noview" -j "$JOBS"; then
    if run_ctest noview --test-dir "$OUT/build-noview" -E '^apps_test_cross_arm64$'; then
        record noview "ok ($CTEST_RESULT)"
    else
        record noview "FAILED ($CTEST_RESULT)"
    fi
else
    record noview "FAILED (configure or build)"
fi

# --- 3. the Raspberry Pi build: aarch64 cross build, unit tests under qemu --------------------
# Never skipped: the tools are installed when missing, and a machine where that is impossible
# fails this stage, so a green run always means the Pi build was built and tested.
note "build-arm64/ (aarch64 cross build, unit tests under qemu-user)"
CROSS_LOG="$LOGDIR/cross-arm64.log"
cross_t0=$(date +%s)
bash "$SRC/scripts/cross-arm64.sh" --install --build-dir "$OUT/build-arm64" --jobs "$JOBS" 2>&1 |
    tee "$CROSS_LOG"
cross_rc=${PIPESTATUS[0]}
cross_s=$(($(date +%s) - cross_t0))
if ((cross_rc == 0)) && grep -q '^cross-arm64: OK: ' "$CROSS_LOG" &&
    count_ctest_log arm64 "$OUT/build-arm64/ctest-qemu.log"; then
    record arm64 "ok ($CTEST_RESULT under qemu, $cross_s s)"
elif grep -q '^SKIPPED: ' "$CROSS_LOG"; then
    record arm64 "FAILED (the cross tools are missing and could not be installed, $cross_s s)"
else
    [[ -f "$OUT/build-arm64/ctest-qemu.log" ]] && count_ctest_log arm64 "$OUT/build-arm64/ctest-qemu.log"
    record arm64 "FAILED (scripts/cross-arm64.sh exited $cross_rc after $cross_s s; see $CROSS_LOG)"
fi

# --- 4. sanitizers, unit tests --------------------------------------------------------------
if ((DO_ASAN)); then
    note "build-asan/ (ASan + UBSan) and the tests"
    if cmake -S "$SRC" -B "$OUT/build-asan" -DWB_SANITIZE=ON -DWB_WERROR=ON \
        -DWB_BUILD_BENCH=OFF && cmake --build "$OUT/build-asan" -j "$JOBS"; then
        # Everything but the checks that do not exercise our code (scripts, the cross build).
        if run_ctest asan --test-dir "$OUT/build-asan" -E '^apps_test_(kiosk_.*|cross_arm64)$'; then
            record asan "ok ($CTEST_RESULT)"
        else
            record asan "FAILED ($CTEST_RESULT)"
        fi
    else
        record asan "FAILED (configure or build)"
    fi
else
    record asan "skipped (--no-asan)"
fi

# --- 5. fuzzers ------------------------------------------------------------------------------
# Only the core is fuzzed, so no SDL. -fsanitize=fuzzer-no-link on every file gives libFuzzer
# coverage of the library code too, not only of the fuzz target's own file.
if ((DO_FUZZ)); then
    mapfile -t FUZZERS < <(find "$SRC/tests/fuzz" -maxdepth 1 -name 'fuzz_*.c' -printf '%f\n' 2>/dev/null |
        sed 's/\.c$//' | sort)
    if ((${#FUZZERS[@]} == 0)); then
        record fuzz "skipped (no tests/fuzz/fuzz_*.c)"
    else
        note "build-fuzz/ (clang, libFuzzer): ${FUZZERS[*]}, $FUZZ_RUNS runs each"
        if CC=clang cmake -S "$SRC" -B "$OUT/build-fuzz" -DCMAKE_C_COMPILER=clang \
            -DWB_FUZZ=ON -DWB_FUZZ_RUNS="$FUZZ_RUNS" -DWB_BUILD_VIEW=OFF -DWB_BUILD_BENCH=OFF \
            -DWB_WERROR=OFF -DCMAKE_BUILD_TYPE=RelWithDebInfo \
            -DCMAKE_C_FLAGS="-fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer" &&
            cmake --build "$OUT/build-fuzz" -j "$JOBS" --target "${FUZZERS[@]}"; then
            if run_ctest fuzz --test-dir "$OUT/build-fuzz" -L fuzz; then
                record fuzz "ok ($CTEST_RESULT)"
            else
                record fuzz "FAILED ($CTEST_RESULT)"
            fi
        else
            record fuzz "FAILED (configure or build)"
        fi
    fi
else
    record fuzz "skipped (--no-fuzz)"
fi

note "results ($(($(date +%s) - T0)) s; logs in $LOGDIR)"
for s in "${STAGES[@]}"; do
    echo "  $s"
done
if ((${#SKIPPED_NAMES[@]})); then
    echo "skipped tests (they could not run here; see their output in the logs for why):"
    for s in "${SKIPPED_NAMES[@]}"; do
        echo "  $s"
    done
fi
if ((BAD)) && ((FAILED == 0)); then
    # A stage that failed before its tests ran still has to show as a failure.
    FAILED=1
fi
echo "summary: $PASSED passed, $FAILED failed, $SKIPPED skipped"
exit "$BAD"
