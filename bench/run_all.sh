#!/usr/bin/env bash
# bench/run_all.sh - builds the benchmarks (Release, no sanitizers) in build-bench/ and runs
# every one of them, printing each program's own figures and then a table of the headline
# figure of each against its budget (docs/architecture.md, "Budgets"). Takes about six minutes.
#
# The table at the end has two parts. "Goals" collects, from every benchmark's output, the
# lines of the form
#     GOAL <name> | <figure> | <goal> | met|not met
# which a benchmark prints for each figure it can judge itself against a goal: a benchmark
# that learns to judge a new figure only has to print one more such line. "Other figures"
# picks the headline lines of the benchmarks that print no GOAL line for them yet. The last
# line counts the goals met; the exit status is 0 either way (a benchmark reports, it does not
# fail), unless a benchmark itself failed.
#
#   bench/run_all.sh [--quick]     (--quick: shorter runs, rougher figures)
set -euo pipefail

SRC=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD="$SRC/build-bench"
QUICK=0
[[ "${1:-}" == "--quick" ]] && QUICK=1

cmake -S "$SRC" -B "$BUILD" -DCMAKE_BUILD_TYPE=Release -DWB_SANITIZE=OFF -DWB_BUILD_TESTS=OFF \
    >/dev/null
cmake --build "$BUILD" -j "$(nproc)" >/dev/null
B="$BUILD/bench"
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT

FAILED=()
run() { # name, command...
    local name=$1
    shift
    echo "== $name"
    set +e
    "$@" | tee "$OUT/$name.txt"
    local rc=${PIPESTATUS[0]}
    set -e
    if ((rc != 0)); then
        FAILED+=("$name (exit $rc)")
    fi
    return 0
}

if ((QUICK)); then
    run core "$B/bench_core" 100000 3
    run decode "$B/bench_decode" 300 3
    run ingest "$B/bench_ingest" 100000
    run latency "$B/bench_latency" "" 3
    run render env SDL_VIDEODRIVER=offscreen "$B/bench_render" 100
    run idle "$B/bench_idle" "" 10
    run day "$B/bench_day" 72 "" 10
    run warning "$B/bench_warning"
    run limits "$B/bench_limits"
    run flood "$B/bench_flood" 10000
    run hub "$B/bench_hub" "" 50 2000 5 100000
    run join "$B/bench_join" "" 100 10 4
else
    run core "$B/bench_core"
    run decode "$B/bench_decode"
    run ingest "$B/bench_ingest"
    run latency "$B/bench_latency"
    run render env SDL_VIDEODRIVER=offscreen "$B/bench_render"
    run idle "$B/bench_idle"
    run day "$B/bench_day"
    run warning "$B/bench_warning"
    run limits "$B/bench_limits"
    run flood "$B/bench_flood"
    run hub "$B/bench_hub"
    run join "$B/bench_join"
fi

pick() { # file, pattern: the first matching line
    grep -m1 -E "$2" "$OUT/$1.txt" 2>/dev/null | sed 's/^ *//' || echo "(missing)"
}
echo
echo "== summary ($(nproc) cores, $(uname -m), $(date -u +%Y-%m-%d))"
echo
echo "Goals (each benchmark's GOAL lines):"
GOALS=$(cat "$OUT"/*.txt | grep -E '^GOAL ' | sed 's/^GOAL //' || true)
printf '%-50s | %-30s | %-22s | %s\n' "goal" "measured" "budget" "verdict"
met=0
total=0
while IFS='|' read -r name fig goal verdict; do
    [[ -n "$name" ]] || continue
    trim() { sed -e 's/^ *//' -e 's/ *$//' <<<"$1"; }
    name=$(trim "$name")
    fig=$(trim "$fig")
    goal=$(trim "$goal")
    verdict=$(trim "$verdict")
    printf '%-50s | %-30s | %-22s | %s\n' "$name" "$fig" "$goal" "$verdict"
    total=$((total + 1))
    [[ "$verdict" == "met" ]] && met=$((met + 1))
done <<<"$GOALS"
echo
echo "Other figures (no GOAL line yet):"
printf '%-28s | %-20s | %s\n' "figure" "budget" "measured"
printf '%-28s | %-20s | %s\n' "early warning" "all 30 cells" "$(pick warning '^  model ')"
printf '%-28s | %-20s | %s\n' "model at every limit" "<= 96 MB" "$(pick limits '^worst case')"
printf '%-28s | %-20s | %s\n' "hash flooding, secret key" "about 1x" "$(pick flood '^secret key')"
printf '%-28s | %-20s | %s\n' "hub: every event everywhere" "50 subs, 10k/s" "$(pick hub 'every event at every')"
printf '%-28s | %-20s | %s\n' "hub: in -> out latency" "p99 <= 5 ms" "$(pick hub 'latency over')"
printf '%-28s | %-20s | %s\n' "hub restart, 500k events" "<= 3 s" "$(pick hub '^restart')"
printf '%-28s | %-20s | %s\n' "hub: join requests looping" "bounded per second" "$(pick join '^  hub CPU')"
echo
echo "goals met: $met of $total"
if ((${#FAILED[@]})); then
    echo "benchmarks that failed: ${FAILED[*]}"
    exit 1
fi
