#!/usr/bin/env bash
# KPI figures end to end: wallboard-sim publishes NPS, FCR and quality for its four teams as
# "kpi" messages (and in its snapshots); a headless wallboard with [kpi.*] sections shows them
# in the stats' "kpis" array. Each figure's status is worked out here from its value and the
# thresholds written below, independently of the program. Then nanocat publishes a KPI of its
# own and a refused one: the first appears with its scope, the second is counted under its
# reason and changes nothing. The two are ctest tests of their own (apps_test_kpi_simulator,
# apps_test_kpi_nanocat), so that a machine without nanocat reports the second as skipped
# (tests/apps/lib_checks.sh).
# shellcheck disable=SC2317  # the check functions are called through run_check
set -euo pipefail
CHECKS=(simulator nanocat)
# shellcheck source=tests/apps/lib_checks.sh
. "$(dirname "$0")/lib_checks.sh"
checks_parse "$@"
# shellcheck source=tests/apps/lib_wallboard.sh
. "$(dirname "$0")/lib_wallboard.sh"

SIM="$WB_BIN/wallboard-sim"
[ -x "$SIM" ] || fail "$SIM is not built"

check_simulator() {
    cat >"$TMP/kpi.ini" <<'EOF'
[kpi.nps]
label_en = Net promoter score
target = 35
better = higher
warn = 30
alarm = 20

[kpi.quality]
label_en = Quality
warn = 86
EOF

    pub="ipc://$TMP/sim.ipc"
    stats="$TMP/kpi.jsonl"
    start_bg "$SIM" --bind "$pub" --seed 4 --speed 60 --start 09:00 --snapshot-every 1 --duration 60
    start_bg "$WALLBOARD" --headless --clock event --config "$TMP/kpi.ini" --connect "$pub" \
        --stats-json "$stats" --exit-after 120
    # Twelve figures: three for each of the four teams.
    line=$(wait_stats "$stats" 'len(d["kpis"]) == 12 and not d["stale"]' 60)
    python3 - "$line" <<'PY' || fail "KPI stats wrong"
import json, sys
d = json.loads(sys.argv[1])
ks = d["kpis"]
assert d["refused"] == 0, d["refused_by_reason"]
assert d["kpis_omitted"] == 0
assert sorted({k["scope"] for k in ks}) == ["Digital", "Sales", "Universal", "Voice"], ks
assert sorted(k["kpi"] for k in ks) == sorted(["nps", "fcr", "quality"] * 4)
for k in ks:
    for f in ("kpi", "label", "value", "unit", "target", "status", "scope", "ts"):
        assert f in k, (f, k)
    assert k["src"] == "sim" and k["period"] == "today" and k["better"] == "higher", k
    v = k["value"]
    if k["kpi"] == "nps":
        # Configured: its label, its target (35 over the publisher's 30), warn 30, alarm 20.
        assert k["label"] == "Net promoter score" and k["target"] == 35 and k["unit"] == "", k
        want = "alarm" if v < 20 else "warn" if v < 30 else "ok"
    elif k["kpi"] == "fcr":
        # Not configured: the publisher's label and target; only a target, so short of it
        # is a warning and never an alarm.
        assert k["label"] == "First contact resolution" and k["target"] == 80, k
        assert k["unit"] == "%", k
        want = "warn" if v < 80 else "ok"
    else:
        # A warning threshold only: below 86 is a warning, nothing is an alarm.
        assert k["label"] == "Quality" and k["target"] == 85, k
        want = "warn" if v < 86 else "ok"
    assert k["status"] == want, (k, want)
    assert -100 <= v <= 100, k
statuses = [k["status"] for k in ks]
print("ok: %d KPI figures, statuses %s" % (len(ks), {s: statuses.count(s) for s in set(statuses)}))
PY
    echo "ok: simulator KPIs in the stats, judged as configured"
}

check_nanocat() {
    command -v nanocat >/dev/null || skip "nanocat not installed (nanomsg-utils)"
    url="ipc://$TMP/nanocat.ipc"
    now=$(now_ms)
    good=$(printf '{"v":1,"type":"kpi","ts":%s,"src":"crm","kpi":"backlog","label":"E-mails past due","value":7,"unit":"emails","target":5,"better":"lower","period":"now","scope":"queue:support"}' "$now")
    bad=$(printf '{"v":1,"type":"kpi","ts":%s,"src":"crm","kpi":"csat","value":1e999}' "$now")
    start_bg nanocat --pub --bind "$url" --data "$good" --interval 0.2
    start_bg nanocat --pub --bind "ipc://$TMP/bad.ipc" --data "$bad" --interval 0.2
    stats2="$TMP/nc.jsonl"
    start_bg "$WALLBOARD" --headless --connect "$url" --connect "ipc://$TMP/bad.ipc" \
        --stats-json "$stats2" --exit-after 120
    line=$(wait_stats "$stats2" 'len(d["kpis"]) == 1 and d["refused_by_reason"]["bad_value"] >= 2' 60)
    python3 - "$line" <<'PY' || fail "nanocat KPI wrong"
import json, sys
d = json.loads(sys.argv[1])
(k,) = d["kpis"]
assert k["kpi"] == "backlog" and k["scope"] == "queue:support" and k["unit"] == "emails", k
assert k["value"] == 7 and k["target"] == 5 and k["better"] == "lower", k
# Lower is better and 7 is above the target of 5: a warning (no thresholds configured).
assert k["status"] == "warn", k
assert d["refused"] == d["refused_by_reason"]["bad_value"], d["refused_by_reason"]
# The same figure again (same ts) is applied again, never counted as a duplicate.
assert d["duplicates"] == 0
PY
    echo "ok: a KPI from nanocat shown with its scope; a non-finite value refused as bad_value"
}

run_checks
